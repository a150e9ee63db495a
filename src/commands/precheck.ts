import * as Flags from '@oclif/core/flags';
import {toYaml} from '../ui/output.js';
import {connect} from '../cluster/client.js';
import {MeshError} from '../errors.js';
import {runPreflight} from '../install/preflight.js';
import {checkCniCompatibility} from '../install/cni-compat.js';
import {checkPlatform} from '../install/platform.js';
import {prepareInstall} from '../install/prepare.js';
import {MeshCommand, specFlags} from '../ui/base-command.js';
import {hasErrors, issuesJson, NO_ISSUES_LINE, printFindings} from '../ui/findings.js';

export default class Precheck extends MeshCommand {
  static override description =
    "Run the install's pre-flight checks against what `mesh install` with the same flags would apply, and look for workloads injected by a revision that is not installed";
  static override examples = [
    '<%= config.bin %> precheck',
    '<%= config.bin %> precheck -r canary',
    '<%= config.bin %> precheck -f overlay.yaml -o json',
  ];
  static override flags = {
    ...specFlags,
    output: Flags.string({
      char: 'o',
      description: 'output format: json or yaml prints a list of {id, severity, message, hint}',
      options: ['json', 'yaml'],
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Precheck);
    // json and yaml print the same list; everything else about them is alike.
    const json = flags.output === 'json' || flags.output === 'yaml';
    // Bad input fails here, before the cluster is contacted.
    const plan = await prepareInstall({
      files: flags.filename,
      sets: flags.set,
      setStrings: flags['set-string'],
      revision: flags.revision,
    });
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const preflight = await runPreflight(cluster, {
      objects: plan.objects,
      installation: plan.installation,
      checkWorkloads: true,
    });
    const findings = [
      ...plan.warnings,
      ...preflight.findings,
      ...(await checkPlatform(cluster, plan.operator, plan.objects)),
      ...(await checkCniCompatibility(cluster, plan.operator)),
    ];

    const unreachable = findings.find((f) => f.id === 'cluster.reachable' && f.severity === 'error');
    if (json)
      this.log(
        flags.output === 'yaml' ? toYaml(JSON.parse(issuesJson(findings))).trimEnd() : issuesJson(findings),
      );
    if (unreachable) {
      // Nothing else was checked: the one finding is the error line.
      throw new MeshError('cluster-unreachable', unreachable.message, {hint: unreachable.hint});
    }
    if (!json) {
      const log = (line: string) => this.log(line);
      printFindings(findings, {log, warn: log, quiet: true});
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    if (hasErrors(findings)) {
      throw new MeshError(
        'precheck-failed',
        `${count(errors, 'error')} and ${count(warnings, 'warning')} found when checking the cluster`,
        {
          hint: 'fix the errors above and re-run `mesh precheck`',
        },
      );
    }
    if (json) return;
    if (warnings === 0) this.log(NO_ISSUES_LINE);
    else
      this.log(
        `✔ No errors found when checking the cluster (${count(warnings, 'warning')} above). Istio can be installed or upgraded.`,
      );
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
