import * as Flags from '@oclif/core/flags';
import {connect} from '../cluster/client.js';
import {MeshError} from '../errors.js';
import {MeshCommand, specFlags} from '../ui/base-command.js';
import {toJson, toYaml} from '../ui/output.js';
import {
  expectedFromFiles,
  expectedFromInstalledState,
  findInstalledState,
  reportLines,
  verifyFailed,
  verifyInstall,
} from '../verify/index.js';

export default class VerifyInstall extends MeshCommand {
  static override description =
    'Check that every object of an installation exists, is ready and has not drifted from what mesh applies';
  static override examples = [
    '<%= config.bin %> verify-install',
    '<%= config.bin %> verify-install -r canary',
    '<%= config.bin %> verify-install -f my-operator.yaml',
    '<%= config.bin %> verify-install -f manifests.yaml -o json',
  ];
  static override flags = {
    filename: Flags.string({
      char: 'f',
      multiple: true,
      description:
        'an IstioOperator (composed and rendered) or Kubernetes manifests to check instead of the installed state',
    }),
    revision: specFlags.revision,
    output: Flags.string({
      char: 'o',
      description:
        'output format: json or yaml print one document with per-object results; wide lists every object (as -v)',
      options: ['json', 'yaml', 'wide'],
    }),
    verbose: Flags.boolean({char: 'v', description: 'list every object checked, not only the failures'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(VerifyInstall);
    const files = flags.filename ?? [];
    if (files.length && flags.revision) {
      throw new MeshError('file-and-revision', 'supply either a file or revision, but not both', {
        hint: 'the revision of an IstioOperator file is its spec.revision',
      });
    }
    const json = flags.output === 'json';
    const yaml = flags.output === 'yaml';
    const structured = (value: unknown) => this.log(yaml ? toYaml(value).trimEnd() : toJson(value));
    // Files are read and rendered before the cluster is contacted.
    const fromFiles = files.length ? await expectedFromFiles({files}) : undefined;
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    let expected = fromFiles;
    if (!expected) {
      const state = await findInstalledState(cluster, flags.revision);
      if (!state) {
        // The error below says it for text output; a document still goes to stdout for scripts.
        if (json || yaml)
          structured({verified: false, installed: false, revision: flags.revision ?? 'default', results: []});
        throw new MeshError('not-installed', 'no Istio installation found', {
          hint: `no installed state for revision "${flags.revision ?? 'default'}"; install with \`mesh install\`, or pass -f`,
        });
      }
      expected = await expectedFromInstalledState(state);
    }
    const report = await verifyInstall(cluster, expected);
    if (json || yaml) structured(report);
    else {
      const verbose = flags.verbose || flags.output === 'wide';
      for (const line of reportLines(report, {verbose})) this.log(line);
    }
    if (!report.verified) throw verifyFailed(report, 'the checks above');
  }
}
