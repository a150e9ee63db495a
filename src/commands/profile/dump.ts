import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import {MeshError} from '../../errors.js';
import {composeSpec} from '../../spec/compose.js';
import {toFlags} from '../../spec/flags.js';
import {parsePath, type PathToken} from '../../spec/set-path.js';
import type {Json} from '../../spec/types.js';
import {MeshCommand, specFlags} from '../../ui/base-command.js';
import {outputFlag, toJson, toYaml} from '../../ui/output.js';

export default class ProfileDump extends MeshCommand {
  static override description =
    'Print the merged IstioOperator spec of a profile (with any -f files and --set values)';
  static override examples = [
    '<%= config.bin %> profile dump demo',
    '<%= config.bin %> profile dump --config-path components.pilot',
    '<%= config.bin %> profile dump -f my-overlay.yaml -o flags',
    'cat my-overlay.yaml | <%= config.bin %> profile dump -f -',
  ];
  // ignoreStdin: oclif would otherwise read piped input as the missing [profile] argument, taking `-f -`'s document.
  static override args = {
    profile: Args.string({description: 'profile name (default: "default")', ignoreStdin: true}),
  };
  static override flags = {
    ...specFlags,
    'config-path': Flags.string({
      char: 'p',
      description: 'print only this subtree of the spec, e.g. components.pilot',
    }),
    output: outputFlag(['yaml', 'json', 'flags'], 'yaml'),
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProfileDump);
    if (args.profile && flags.filename?.length) {
      throw new MeshError('profile-and-file', 'cannot specify both profile name and filename flag', {
        hint: 'put `profile: <name>` in the file, or use --set profile=<name>',
      });
    }
    const configPath =
      flags['config-path'] === undefined
        ? undefined
        : parsePath(flags['config-path'], `--config-path ${flags['config-path']}`);
    const sets = [...(args.profile ? [`profile=${args.profile}`] : []), ...(flags.set ?? [])];
    const {operator} = await composeSpec({
      files: flags.filename,
      sets,
      setStrings: flags['set-string'],
      revision: flags.revision,
    });
    // -o flags prints the spec (what --set paths are relative to); yaml and json the whole resource.
    const shown = configPath ? subtree(operator.spec as Json, configPath, flags['config-path']!) : undefined;
    if (flags.output === 'flags') this.log(toFlags(shown ?? (operator.spec as Json), configPath).join('\n'));
    else if (flags.output === 'json') this.log(toJson(shown ?? operator, 4));
    else this.log(toYaml(shown ?? operator).trimEnd());
  }
}

function subtree(spec: Json, tokens: PathToken[], path: string): Json {
  let node: Json | undefined = spec;
  for (const token of tokens) {
    if (token.kind === 'key' && node && typeof node === 'object' && !Array.isArray(node))
      node = node[token.key];
    else if (token.kind === 'index' && Array.isArray(node)) node = node[token.index];
    else if (token.kind === 'select' && Array.isArray(node)) {
      node = node.find(
        (item) =>
          item &&
          typeof item === 'object' &&
          !Array.isArray(item) &&
          String(item[token.field]) === token.value,
      );
    } else node = undefined;
    if (node === undefined) break;
  }
  if (node === undefined)
    throw new MeshError('no-such-path', `--config-path ${path}: not present in the spec`, {
      hint: 'run without -p to see the whole spec',
    });
  return node;
}
