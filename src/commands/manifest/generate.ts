import * as Flags from '@oclif/core/flags';
import {MeshError} from '../../errors.js';
import {COMPONENTS, installOrder, render, selectComponents, type ComponentName} from '../../render/index.js';
import {toYamlDocuments} from '../../render/yaml.js';
import {composeSpec} from '../../spec/compose.js';
import {didYouMean} from '../../spec/suggest.js';
import {MeshCommand, specFlags} from '../../ui/base-command.js';
import {checkOutputDir, writeOutputDir} from '../../ui/output-dir.js';
import {warningFindings} from '../../install/prepare.js';
import {issueLines} from '../../ui/findings.js';

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
      description:
        'write one <Component>.yaml file per component into this directory (not a format: output is YAML)',
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(ManifestGenerate);
    if (flags['output-dir']) checkOutputDir(this.argv, flags['output-dir']);
    const wanted = (flags.component ?? []).map(componentName);
    const {operator, warnings} = await composeSpec({
      files: flags.filename,
      sets: flags.set,
      setStrings: flags['set-string'],
      revision: flags.revision,
    });
    const rendered = await render(operator);
    // istioctl logs these while it renders: on standard error, so the manifest stays clean.
    for (const line of issueLines(warningFindings(warnings, rendered.warnings))) this.logToStderr(line);
    const components = selectComponents(rendered.components, wanted);

    if (flags['output-dir']) {
      // A file left from an earlier run for a component not rendered now would be applied with the rest.
      const rendered = new Set(components.map((component) => component.name));
      const stale = COMPONENTS.filter(({name}) => !rendered.has(name)).map(({name}) => `${name}.yaml`);
      const files = components.map((c) => ({name: `${c.name}.yaml`, text: toYamlDocuments(c.objects)}));
      const written = await writeOutputDir(flags['output-dir'], files, stale);
      components.forEach((component, i) => this.log(`${written[i]}: ${component.objects.length} objects`));
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
