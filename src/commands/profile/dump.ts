import {Args, Flags} from '@oclif/core';
import {MeshError} from '../../errors.js';
import {composeSpec} from '../../spec/compose.js';
import {toFlags} from '../../spec/flags.js';
import {parsePath} from '../../spec/set-path.js';
import type {Json} from '../../spec/types.js';
import {MeshCommand, specFlags} from '../../ui/base-command.js';
import {outputFlag, toJson, toYaml} from '../../ui/output.js';

export default class ProfileDump extends MeshCommand {
  static override description = 'Print the merged IstioOperator spec of a profile (with any -f files and --set values)';
  static override examples = [
    '<%= config.bin %> profile dump demo',
    '<%= config.bin %> profile dump --config-path components.pilot',
    '<%= config.bin %> profile dump -f my-overlay.yaml -o flags',
  ];
  static override args = {profile: Args.string({description: 'profile name (default: "default")'})};
  static override flags = {
    ...specFlags,
    'config-path': Flags.string({char: 'p', description: 'print only this subtree of the spec, e.g. components.pilot'}),
    output: outputFlag(['yaml', 'json', 'flags'], 'yaml'),
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProfileDump);
    if (args.profile && flags.filename?.length) {
      throw new MeshError('profile-and-file', 'cannot specify both profile name and filename flag', {
        hint: 'put `profile: <name>` in the file, or use --set profile=<name>',
      });
    }
    const sets = [...(args.profile ? [`profile=${args.profile}`] : []), ...(flags.set ?? [])];
    const {operator} = await composeSpec({files: flags.filename, sets, setStrings: flags['set-string'], revision: flags.revision});
    let shown: unknown = operator;
    if (flags['config-path']) shown = subtree(operator.spec as Json, flags['config-path']);
    if (flags.output === 'json') this.log(toJson(shown, 4));
    else if (flags.output === 'flags') this.log(toFlags(shown as Json).join('\n'));
    else this.log(toYaml(shown).trimEnd());
  }
}

function subtree(spec: Json, path: string): Json {
  let node: Json | undefined = spec;
  for (const token of parsePath(path)) {
    if (token.kind === 'key' && node && typeof node === 'object' && !Array.isArray(node)) node = node[token.key];
    else if (token.kind === 'index' && Array.isArray(node)) node = node[token.index];
    else if (token.kind === 'select' && Array.isArray(node)) {
      node = node.find((item) => item && typeof item === 'object' && !Array.isArray(item) && String(item[token.field]) === token.value);
    } else node = undefined;
    if (node === undefined) break;
  }
  if (node === undefined) throw new MeshError('no-such-path', `--config-path ${path}: not present in the spec`, {hint: 'run without -p to see the whole spec'});
  return node;
}
