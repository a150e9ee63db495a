/**
 * The mTLS mode a workload's sidecar accepts, composed from PeerAuthentications the way
 * istiod does: workload (selector in the pod's namespace) over namespace-wide (no selector,
 * pod's namespace) over mesh-wide (no selector, root namespace) over the default, PERMISSIVE.
 * A level whose mode is UNSET (or has no `mtls`) inherits from the level above it.
 */
import {byAge, dotted, hasSelector, ref, selectorMatches} from './match.js';
import {rootNamespaceOf, type PeerAuthentication, type Snapshot} from './types.js';

export interface PortMtls {
  port: number;
  mode: string;
  /** `<ns>/<name>` of the resource that set it. */
  source: string;
}

export interface EffectiveMtls {
  /** STRICT, PERMISSIVE or DISABLE. */
  mode: string;
  /** `<ns>/<name>` of the resource that set the mode; undefined when it is the default. */
  source?: string;
  perPort: PortMtls[];
  /** Every PeerAuthentication that selects the pod (root namespace first), as istioctl lists them. */
  applied: PeerAuthentication[];
  warnings: string[];
}

const DEFAULT_MODE = 'PERMISSIVE';

function modeOf(mode: string | undefined): string | undefined {
  const m = mode?.toUpperCase();
  return m && m !== 'UNSET' ? m : undefined;
}

/** The oldest resource of a level, with a warning when several compete for it. */
function pickOldest(
  candidates: PeerAuthentication[],
  what: string,
  warnings: string[],
): PeerAuthentication | undefined {
  const sorted = [...candidates].sort(byAge);
  const winner = sorted[0];
  if (winner && sorted.length > 1) {
    warnings.push(
      `${sorted.length} ${what} PeerAuthentications (${sorted.map(ref).join(', ')}); only the oldest, ${ref(winner)}, applies`,
    );
  }
  return winner;
}

export function effectivePeerAuthentication(snapshot: Snapshot): EffectiveMtls {
  const rootNs = rootNamespaceOf(snapshot);
  const podNs = snapshot.pod.metadata?.namespace ?? '';
  const podLabels = snapshot.pod.metadata?.labels ?? {};
  const inNs = (ns: string) => snapshot.peerAuthentications.filter((pa) => pa.metadata?.namespace === ns);
  const warnings: string[] = [];

  const rootWide = inNs(rootNs).filter((pa) => !hasSelector(pa.spec?.selector));
  const nsWide = podNs === rootNs ? [] : inNs(podNs).filter((pa) => !hasSelector(pa.spec?.selector));
  const workload = inNs(podNs).filter(
    (pa) => hasSelector(pa.spec?.selector) && selectorMatches(pa.spec?.selector?.matchLabels, podLabels),
  );

  const levels = [
    pickOldest(rootWide, `mesh-wide (namespace ${rootNs}, no selector)`, warnings),
    pickOldest(nsWide, `namespace-wide (namespace ${podNs}, no selector)`, warnings),
    pickOldest(workload, 'workload', warnings),
  ];

  let mode: string | undefined;
  let source: string | undefined;
  for (const pa of levels) {
    const m = pa && modeOf(pa.spec?.mtls?.mode);
    if (pa && m) {
      mode = m;
      source = ref(pa);
    }
  }
  const effective = mode ?? DEFAULT_MODE;

  const perPort: PortMtls[] = [];
  const workloadPa = levels[2];
  if (workloadPa) {
    for (const [port, setting] of Object.entries(workloadPa.spec?.portLevelMtls ?? {})) {
      const own = modeOf(setting?.mode);
      perPort.push({
        port: Number(port),
        mode: own ?? effective,
        source: own ? ref(workloadPa) : (source ?? 'default'),
      });
    }
    perPort.sort((a, b) => a.port - b.port);
  }

  const applied = [
    ...rootWide.sort(byName),
    ...(podNs === rootNs ? [] : nsWide.sort(byName)),
    ...workload.sort(byName),
  ];
  return {mode: effective, source, perPort, applied, warnings};
}

function byName(a: PeerAuthentication, b: PeerAuthentication): number {
  return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** istioctl's PeerAuthentication section, plus where the mode came from. */
export function peerAuthenticationLines(e: EffectiveMtls): string[] {
  const lines = ['Effective PeerAuthentication:', `   Workload mTLS mode: ${e.mode}`];
  lines.push(e.source ? `      (from ${e.source})` : '      (default: no PeerAuthentication sets a mode)');
  if (e.perPort.length > 0) {
    lines.push('   Port Level mTLS mode:');
    for (const p of e.perPort) lines.push(`      ${p.port}: ${p.mode}`);
  }
  for (const w of e.warnings) lines.push(`   WARNING: ${w}`);
  if (e.applied.length > 0) {
    lines.push('Applied PeerAuthentication:', `   ${e.applied.map(dotted).join(', ')}`);
  }
  return lines;
}
