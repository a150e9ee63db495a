import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as Flags from '@oclif/core/flags';
import {MeshError} from '../../errors.js';
import {COMPONENTS, installOrder, render, selectComponents, type ComponentName} from '../../render/index.js';
import {toYamlDocuments} from '../../render/yaml.js';
import {composeSpec} from '../../spec/compose.js';
import {didYouMean} from '../../spec/suggest.js';
import {MeshCommand, specFlags} from '../../ui/base-command.js';

export default class ManifestGenerate extends MeshCommand {
  static override description =
    'Render the Kubernetes objects of an installation, in install order, without a cluster';
  static override examples = [
    '<%= config.bin %> manifest generate --set meshConfig.accessLogFile=/dev/stdout',
    '<%= config.bin %> manifest generate --set profile=demo --component Pilot',
    '<%= config.bin %> manifest generate -f overlay.yaml -o ./out',
    '<%= config.bin %> manifest generate | kubectl apply --server-side -f -',
  ];
  static override flags = {
    ...specFlags,
    component: Flags.string({
      multiple: true,
      description: `render only these components (${COMPONENTS.map((c) => c.name).join(', ')})`,
    }),
    'output-dir': Flags.string({
      char: 'o',
      description: 'write one <Component>.yaml file per component into this directory',
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(ManifestGenerate);
    const wanted = (flags.component ?? []).map(componentName);
    const {operator} = await composeSpec({
      files: flags.filename,
      sets: flags.set,
      setStrings: flags['set-string'],
      revision: flags.revision,
    });
    const components = selectComponents(render(operator), wanted);

    if (flags['output-dir']) {
      await mkdir(flags['output-dir'], {recursive: true});
      // A file left from an earlier run for a component not rendered now would be applied with the rest.
      const rendered = new Set(components.map((component) => component.name));
      for (const {name} of COMPONENTS)
        if (!rendered.has(name)) await rm(join(flags['output-dir'], `${name}.yaml`), {force: true});
      for (const component of components) {
        const file = join(flags['output-dir'], `${component.name}.yaml`);
        await writeFile(file, toYamlDocuments(component.objects));
        this.log(`${file}: ${component.objects.length} objects`);
      }
      return;
    }
    const text = toYamlDocuments(installOrder(components));
    if (text) process.stdout.write(text);
  }
}

/** Component names are matched case-insensitively (`pilot` is Pilot). */
function componentName(input: string): ComponentName {
  const names = COMPONENTS.map((c) => c.name);
  const match = names.find((name) => name.toLowerCase() === input.toLowerCase());
  if (!match) {
    throw new MeshError(
      'unknown-component',
      `--component ${input}: unknown component${didYouMean(input, names)}`,
      {
        hint: `components are ${names.join(', ')}`,
      },
    );
  }
  return match;
}
