import * as Flags from '@oclif/core/flags';
import {connect} from '../cluster/client.js';
import {acquireLock, type InstallLock} from '../cluster/lease.js';
import {MeshError} from '../errors.js';
import {installationOf} from '../render/installation.js';
import {composeSpec} from '../spec/compose.js';
import {MeshCommand, specFlags} from '../ui/base-command.js';
import {confirm} from '../ui/confirm.js';
import {parseDuration} from '../ui/duration.js';
import {
  confirmQuestion,
  countProxies,
  planUninstall,
  removedLine,
  revisions,
  runUninstall,
  type UninstallTarget,
} from '../uninstall/index.js';

export default class Uninstall extends MeshCommand {
  static override description =
    'Remove a revision of Istio (keeping the CRDs and other revisions), or with --purge everything mesh installed';
  static override examples = [
    '<%= config.bin %> uninstall -r canary',
    '<%= config.bin %> uninstall -f my-operator.yaml --dry-run',
    '<%= config.bin %> uninstall --purge -y',
  ];
  static override flags = {
    ...specFlags,
    purge: Flags.boolean({
      description: 'remove every revision and the CRDs: this deletes all Istio configuration',
    }),
    'skip-confirmation': Flags.boolean({char: 'y', description: 'do not ask for confirmation'}),
    'dry-run': Flags.boolean({description: 'list what would be removed; remove nothing'}),
    timeout: Flags.string({
      description: 'how long to wait for the objects of one kind to be gone',
      default: '120s',
    }),
    'wait-lock': Flags.string({
      description:
        'while an install of the revision runs: wait up to this long (a duration, or true for 10m), or false to fail at once',
      default: 'true',
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Uninstall);
    const timeoutMs = parseDuration(flags.timeout, '--timeout');
    const waitLockMs =
      flags['wait-lock'] === 'true'
        ? 600_000
        : flags['wait-lock'] === 'false'
          ? 0
          : parseDuration(flags['wait-lock'], '--wait-lock');
    const files = flags.filename ?? [];
    const sets = [...(flags.set ?? []), ...(flags['set-string'] ?? [])];
    const setsRevision = sets.some((s) => s.startsWith('revision='));
    if (!flags.purge && !flags.revision && files.length === 0 && !setsRevision) {
      throw new MeshError(
        'no-target',
        'at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set',
        {
          hint: 'e.g. mesh uninstall -r canary, or mesh uninstall --purge',
        },
      );
    }
    const warn = (line: string) => this.logToStderr(`! ${line}`);
    let target: UninstallTarget;
    if (flags.purge) {
      if (flags.revision || files.length || setsRevision)
        warn(
          'Purge uninstall will remove all Istio resources, ignoring the specified revision or operator file',
        );
      target = {purge: true};
    } else if (files.length || sets.length) {
      const {operator} = await composeSpec({
        files,
        sets: flags.set,
        setStrings: flags['set-string'],
        revision: flags.revision,
      });
      const {revision, namespace} = installationOf(operator);
      target = {purge: false, revision, namespace};
    } else {
      target = {purge: false, revision: flags.revision!};
    }

    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    let plan = await planUninstall(cluster, target);
    if (plan.purge) {
      warn('All Istio resources will be pruned from the cluster');
      warn(
        'Removing the Istio CRDs deletes all Istio configuration (VirtualServices, DestinationRules, Gateways, …) in every namespace',
      );
    }
    for (const revision of revisions(plan)) {
      const proxies = await countProxies(cluster, revision, plan.objects);
      if (proxies > 0)
        warn(
          `There ${proxies === 1 ? 'is still 1 proxy' : `are still ${proxies} proxies`} pointing to the control plane revision ${revision}`,
        );
    }
    if (plan.objects.length === 0)
      this.log(
        plan.purge
          ? "  Nothing to remove: no object in this cluster carries Istio's component label or is owned by mesh."
          : '  Nothing to remove: no object in this cluster is owned by mesh.',
      );
    else if (!flags['skip-confirmation'] && !flags['dry-run']) {
      if (!(await confirm(confirmQuestion(plan))))
        throw new MeshError('cancelled', 'Cancelled.', {exitCode: 1});
    }

    // The install lock of each revision removed (a dry run removes nothing): no install of it runs meanwhile.
    const locks: InstallLock[] = [];
    const releaseAll = () => Promise.all(locks.map((lock) => lock.release()));
    const onSignal = () => void releaseAll().finally(() => process.exit(130));
    process.once('SIGINT', onSignal);
    try {
      if (!flags['dry-run'] && plan.objects.length > 0) {
        // Each installation's lock, in the namespace of its installed state; an absent namespace holds none to take.
        for (const installation of plan.installations) {
          locks.push(
            await acquireLock(cluster, {
              installation,
              waitMs: waitLockMs,
              onWait: (message) => this.log(`- ${message}`),
              onLost: (message) => warn(message),
            }),
          );
        }
        // An install ran meanwhile: what to remove is what it left.
        if (locks.some((lock) => lock.waited)) plan = await planUninstall(cluster, target);
      }
      await runUninstall(cluster, plan, {dryRun: flags['dry-run'], timeoutMs}, (event) => {
        if (event.type === 'removed') this.log(removedLine(event.object, event.dryRun));
      });
    } finally {
      await releaseAll();
      process.off('SIGINT', onSignal);
    }
    this.log(flags['dry-run'] ? '✔ Dry run complete: nothing was removed' : '✔ Uninstall complete');
  }
}
