import * as Flags from '@oclif/core/flags';
import {connect} from '../cluster/client.js';
import {acquireLock, type InstallLock} from '../cluster/lease.js';
import {MeshError} from '../errors.js';
import {runPreflight} from '../install/preflight.js';
import {checkCniCompatibility} from '../install/cni-compat.js';
import {checkPlatform} from '../install/platform.js';
import {computePlan, formatPlan} from '../install/plan.js';
import {conflictError, findConflicts} from '../install/conflicts.js';
import {prepareInstall, previousObjects} from '../install/prepare.js';
import {listInstallation, runInstall, type KnownState} from '../install/run.js';
import {applyDefaultTagRule} from '../tag/default-injection.js';
import {findTakeover, takeoverLines} from '../install/takeover.js';
import {MeshCommand, specFlags} from '../ui/base-command.js';
import {confirm} from '../ui/confirm.js';
import {parseDuration} from '../ui/duration.js';
import {printFindings} from '../ui/findings.js';
import {eventText, type EventFormat} from '../ui/output.js';
import {progressMode, progressPrinter} from '../ui/progress.js';
import {ISTIO_VERSION} from '../version.js';
import {objectRef, type K8sObject} from '../cluster/kinds.js';
import {verifyFailed, verifyInstall} from '../verify/index.js';

export default class Install extends MeshCommand {
  static override description =
    'Install or upgrade Istio: pre-flight checks, ordered server-side apply, readiness, prune, installed-state';
  static override examples = [
    '<%= config.bin %> install --set meshConfig.accessLogFile=/dev/stdout',
    '<%= config.bin %> install --set profile=demo -y',
    '<%= config.bin %> install -f overlay.yaml --diff',
    '<%= config.bin %> install -r canary --dry-run',
  ];
  static override flags = {
    ...specFlags,
    'skip-confirmation': Flags.boolean({char: 'y', description: 'do not ask for confirmation'}),
    'dry-run': Flags.boolean({
      description: 'render, run the pre-flight checks and a server-side dry-run; write nothing',
    }),
    diff: Flags.boolean({
      description: 'show what would be created, updated and pruned, then ask before applying',
    }),
    'readiness-timeout': Flags.string({
      description: 'how long to wait for each component to become ready',
      default: '300s',
    }),
    force: Flags.boolean({
      description:
        'proceed despite ownership conflicts; take over fields other field managers hold (without it such a field stops the install before any write)',
    }),
    atomic: Flags.boolean({
      description:
        'on failure, put the cluster back as it was: remove what this run created, re-apply the previous installed state',
    }),
    reuse: Flags.boolean({
      description: 'start from the installed state of this revision instead of the profile alone',
    }),
    verify: Flags.boolean({description: 'run verify-install after installing'}),
    'wait-lock': Flags.string({
      description:
        'while another install of this revision runs: wait up to this long (a duration, or true for 10m), or false to fail at once',
      default: 'true',
    }),
    output: Flags.string({
      char: 'o',
      description: 'output format: json prints one event per line, yaml one YAML document per event',
      options: ['json', 'yaml'],
    }),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Install);
    const timeoutMs = parseDuration(flags['readiness-timeout'], '--readiness-timeout');
    const waitLockMs = lockWait(flags['wait-lock']);
    const input = {
      files: flags.filename,
      sets: flags.set,
      setStrings: flags['set-string'],
      revision: flags.revision,
    };
    // Everything about the input is checked before the cluster is contacted (except --reuse, which reads it).
    const offline = flags.reuse ? undefined : await prepareInstall(input);
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    let plan = offline ?? (await prepareInstall(input, cluster));
    const format = flags.output as EventFormat | undefined;
    const log = (line: string) => this.log(line);
    const event = format ? (value: object) => log(eventText(value, format)) : undefined;

    const preflight = await runPreflight(cluster, {
      objects: plan.objects,
      installation: plan.installation,
      force: flags.force,
    });
    const {facts} = preflight;
    const findings = [
      ...plan.warnings,
      ...preflight.findings,
      ...(await checkPlatform(cluster, plan.operator, plan.objects)),
      ...(await checkCniCompatibility(cluster, plan.operator, flags.force)),
    ];
    if (printFindings(findings, {event, log, warn: (line) => this.logToStderr(line), quiet: true})) {
      throw new MeshError('preflight-failed', 'pre-flight checks failed; nothing was written', {
        hint: 'fix the findings above and re-run',
      });
    }
    // A tag "default" owns default injection: the default revision's injector is applied deactivated while it exists.
    await applyDefaultTagRule(cluster, plan.objects, facts.webhooks);
    // Objects another tool installed (istioctl, kubectl apply): shown with their managers before the one question.
    // Listed only when pre-flight saw a sign of one: a fresh install asks nothing more.
    const takeover = facts.foreignIstio
      ? await findTakeover(cluster, plan.objects, facts.absentNamespaces)
      : [];
    if (event) for (const entry of takeover) event({type: 'takeover', ...entry});
    else for (const line of takeoverLines(takeover)) this.logToStderr(line);
    // What this installation owns, listed once: fields another manager holds there are found by a non-forced dry-run
    // before the first write and stop the install without --force (after --diff has shown them); prune reuses the list.
    // Taken-over objects are forced, as the question above said.
    const listed: KnownState = {
      ...facts,
      owned: await listInstallation(cluster, plan.installation.ownerSelector, facts),
    };
    const takenOver = new Set(takeover.map((entry) => entry.object));
    const check =
      !flags.force || flags.diff
        ? await findConflicts(cluster, plan.objects, {installed: listed.owned, forced: takenOver})
        : {conflicts: [], forced: takenOver};
    if (flags.diff) {
      const entries = await computePlan(
        cluster,
        plan.components,
        plan.installation.ownerSelector,
        listed,
        check.conflicts,
      );
      if (event) for (const entry of entries) event({type: 'plan', ...entry});
      else for (const line of formatPlan(entries)) log(line);
    }
    if (check.conflicts.length && !flags.force) throw conflictError(check.conflicts);
    if (!flags['skip-confirmation'] && !flags['dry-run']) {
      const question = `This will install the Istio ${ISTIO_VERSION} profile "${plan.profile}" into the cluster. Proceed? (y/N)`;
      if (!(await confirm(question))) throw new MeshError('cancelled', 'Cancelled.', {exitCode: 1});
    }

    const printer = await progressPrinter(progressMode(flags.output), log, {dryRun: flags['dry-run']});
    const abort = new AbortController();
    const applied: string[] = [];
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    let lock: InstallLock | undefined;
    try {
      // One install of a revision at a time, from the first write to the installed state (a dry run writes nothing).
      let known: KnownState = listed;
      if (!flags['dry-run']) {
        lock = await acquireLock(cluster, {
          installation: plan.installation,
          waitMs: waitLockMs,
          createNamespace: plan.objects.find(
            (o) => o.kind === 'Namespace' && o.metadata.name === plan.installation.namespace,
          ),
          namespaceAbsent: facts.absentNamespaces.has(plan.installation.namespace),
          signal: abort.signal,
          onWait: (message) => (event ? event({type: 'notice', message}) : log(`- ${message}`)),
          onLost: (message) => this.logToStderr(`! ${message}`),
        });
        if (lock.waited) {
          // Another run changed the cluster meanwhile: what pre-flight read is stale, --reuse starts from its state.
          known = {};
          // (Standard input, `-f -`, can be read once only: that plan stays as it was.)
          if (flags.reuse && !input.files?.includes('-')) {
            plan = await prepareInstall(input, cluster);
            await applyDefaultTagRule(cluster, plan.objects);
          }
        }
      }
      // --atomic: what to put back on failure is the previous installed state of this revision, rendered as it was.
      const restore =
        flags.atomic &&
        !flags['dry-run'] &&
        (lock?.waited || !facts.absentNamespaces.has(plan.installation.namespace))
          ? await previousObjects(cluster, plan.installation)
          : undefined;
      const options = {
        dryRun: flags['dry-run'],
        force: flags.force,
        forceObjects: check.forced,
        readinessTimeoutMs: timeoutMs,
        atomic: flags.atomic,
        restore,
        ownerSelector: plan.installation.ownerSelector,
        known,
        installedState: plan.installedState,
        signal: abort.signal,
      };
      await runInstall(cluster, plan.components, options, (event) => {
        if (event.type === 'object-applied' && !event.dryRun) applied.push(event.object);
        printer.emit(event);
      });
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      printer.stop();
      throw interrupted(applied, plan.objects);
    } finally {
      printer.stop();
      await lock?.release();
      process.off('SIGINT', onSignal);
    }
    if (flags.verify && !flags['dry-run'] && event) {
      // -o json|yaml: the report is one more event of the stream, not a text report after it.
      const {installation} = plan;
      const report = await verifyInstall(cluster, {
        source: 'installed-state',
        revision: installation.revision,
        namespace: installation.namespace,
        objects: plan.objects,
      });
      event({type: 'verify', ...report});
      if (!report.verified) throw verifyFailed(report, "verify-install's checks (the verify event)");
    } else if (flags.verify && !flags['dry-run']) {
      const {default: VerifyInstall} = await import('./verify-install.js');
      const args = [
        '-r',
        plan.installation.revision,
        ...(flags.kubeconfig ? ['--kubeconfig', flags.kubeconfig] : []),
        ...(flags.context ? ['--context', flags.context] : []),
      ];
      await VerifyInstall.run(args, this.config);
    }
  }
}

/** --wait-lock: true (10 minutes), false (fail at once) or a duration. */
function lockWait(text: string): number {
  if (text === 'true') return 600_000;
  if (text === 'false') return 0;
  return parseDuration(text, '--wait-lock');
}

/**
 * Ctrl-C: say what reached the cluster, in plan order (applies run concurrently and finish in any
 * order); the installed state was not recorded, so a re-run converges.
 */
function interrupted(applied: string[], planned: K8sObject[]): MeshError {
  const order = new Map(planned.map((object, index) => [objectRef(object), index]));
  const sorted = [...applied].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const list = sorted.length
    ? `; ${sorted.length} objects were applied:\n${sorted.map((ref) => `  ${ref}`).join('\n')}`
    : '; nothing was applied';
  return new MeshError('interrupted', `interrupted${list}`, {
    hint: 're-run the same command: it converges',
    exitCode: 130,
  });
}
