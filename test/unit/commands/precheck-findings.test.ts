// The pieces of `mesh precheck` that need no cluster: how findings print, and which injected
// pods belong to a revision that has no control plane.
import {describe, expect, it} from 'vitest';
import {eventText} from '../../../src/ui/output.js';
import {
  installedRevisions,
  sidecarRevision,
  workloadRevisionFindings,
  type DeploymentLike,
  type Finding,
  type PodLike,
} from '../../../src/install/preflight.js';
import {issueLines, issuesJson, NO_ISSUES_LINE, printFindings} from '../../../src/ui/findings.js';

const PERMISSION_HINT = 'ask a cluster admin for these permissions (see `kubectl auth can-i --list`)';
const findings: Finding[] = [
  {
    id: 'cluster.reachable',
    severity: 'ok',
    message: 'cluster reachable (context "kind", server https://127.0.0.1:6443)',
  },
  {
    id: 'cluster.version',
    severity: 'warning',
    message: 'The Kubernetes version v1.29.0 is not supported',
    hint: 'upgrade the cluster',
  },
  {
    id: 'permissions',
    severity: 'error',
    message: 'cannot create configmaps in namespace istio-system',
    hint: PERMISSION_HINT,
  },
  {
    id: 'permissions',
    severity: 'error',
    message: 'cannot create deployments.apps in namespace istio-system',
    hint: PERMISSION_HINT,
  },
  {id: 'namespace.terminating', severity: 'error', message: 'namespace istio-system is terminating'},
  {id: 'install.conflict', severity: 'ok', message: 'no other installation of revision "default"'},
];

describe('findings formatter', () => {
  it('prints errors with ✘, warnings with !, the id in brackets and a hint once per group', () => {
    expect(issueLines(findings)).toEqual([
      '! [cluster.version] The Kubernetes version v1.29.0 is not supported',
      '  hint: upgrade the cluster',
      '✘ [permissions] cannot create configmaps in namespace istio-system',
      '✘ [permissions] cannot create deployments.apps in namespace istio-system',
      `  hint: ${PERMISSION_HINT}`,
      '✘ [namespace.terminating] namespace istio-system is terminating',
    ]);
  });

  it('repeats a hint when consecutive findings of one id have different hints', () => {
    const lines = issueLines([
      {id: 'workloads.revision', severity: 'warning', message: 'a', hint: 'x'},
      {id: 'workloads.revision', severity: 'warning', message: 'b', hint: 'y'},
    ]);
    expect(lines).toEqual(['! [workloads.revision] a', '  hint: x', '! [workloads.revision] b', '  hint: y']);
  });

  it('prints nothing for passed checks', () => {
    expect(issueLines(findings.filter((f) => f.severity === 'ok'))).toEqual([]);
  });

  it('has one success line', () => {
    expect(NO_ISSUES_LINE).toBe(
      '✔ No issues found when checking the cluster. Istio is safe to install or upgrade!',
    );
  });

  it('-o json: an array of warnings and errors with id, severity, message and hint', () => {
    expect(JSON.parse(issuesJson(findings))).toEqual([
      {
        id: 'cluster.version',
        severity: 'warning',
        message: 'The Kubernetes version v1.29.0 is not supported',
        hint: 'upgrade the cluster',
      },
      {
        id: 'permissions',
        severity: 'error',
        message: 'cannot create configmaps in namespace istio-system',
        hint: PERMISSION_HINT,
      },
      {
        id: 'permissions',
        severity: 'error',
        message: 'cannot create deployments.apps in namespace istio-system',
        hint: PERMISSION_HINT,
      },
      {id: 'namespace.terminating', severity: 'error', message: 'namespace istio-system is terminating'},
    ]);
    expect(issuesJson(findings.filter((f) => f.severity === 'ok'))).toBe('[]');
  });

  it('printFindings (install): issues to warn, passed checks to log unless quiet, true on errors', () => {
    const log: string[] = [];
    const warn: string[] = [];
    expect(printFindings(findings, {log: (l) => log.push(l), warn: (l) => warn.push(l)})).toBe(true);
    expect(log).toEqual([
      '✔ cluster reachable (context "kind", server https://127.0.0.1:6443)',
      '✔ no other installation of revision "default"',
    ]);
    expect(warn).toEqual(issueLines(findings));

    const quiet: string[] = [];
    const onlyWarning = findings.filter((f) => f.severity !== 'error');
    expect(printFindings(onlyWarning, {quiet: true, log: (l) => quiet.push(l), warn: () => {}})).toBe(false);
    expect(quiet).toEqual([]);
  });

  it('printFindings -o json (install): one finding event per line', () => {
    const log: string[] = [];
    const event = (value: object) => log.push(eventText(value, 'json'));
    printFindings(findings.slice(0, 2), {event, log: () => {}, warn: () => {}});
    expect(log).toEqual([
      '{"type":"finding","id":"cluster.reachable","severity":"ok","message":"cluster reachable (context \\"kind\\", server https://127.0.0.1:6443)"}',
      '{"type":"finding","id":"cluster.version","severity":"warning","message":"The Kubernetes version v1.29.0 is not supported","hint":"upgrade the cluster"}',
    ]);
  });

  it('printFindings -o yaml (install): one YAML document per finding, opened by ---', () => {
    const log: string[] = [];
    const event = (value: object) => log.push(eventText(value, 'yaml'));
    printFindings(findings.slice(0, 2), {event, log: () => {}, warn: () => {}});
    expect(log).toEqual([
      '---\ntype: finding\nid: cluster.reachable\nseverity: ok\nmessage: cluster reachable (context "kind", server https://127.0.0.1:6443)',
      '---\ntype: finding\nid: cluster.version\nseverity: warning\nmessage: The Kubernetes version v1.29.0 is not supported\nhint: upgrade the cluster',
    ]);
  });

  it('eventText -o yaml leaves out what JSON leaves out (undefined fields)', () => {
    expect(eventText({type: 'notice', message: 'm', detail: undefined}, 'yaml')).toBe(
      '---\ntype: notice\nmessage: m',
    );
    expect(eventText({type: 'notice', message: 'm', detail: undefined}, 'json')).toBe(
      '{"type":"notice","message":"m"}',
    );
  });
});

const pod = (
  name: string,
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    containers?: string[];
    init?: string[];
    deleting?: boolean;
  } = {},
): PodLike => ({
  metadata: {
    name,
    namespace: 'apps',
    labels: extra.labels,
    annotations: extra.annotations,
    ...(extra.deleting ? {deletionTimestamp: new Date()} : {}),
  },
  spec: {
    containers: (extra.containers ?? ['app', 'istio-proxy']).map((n) => ({name: n})),
    initContainers: (extra.init ?? []).map((n) => ({name: n})),
  },
});
const istiod = (name: string, namespace: string, labels: Record<string, string>): DeploymentLike => ({
  metadata: {name, namespace, labels},
});
const status = (revision: string) =>
  JSON.stringify({initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: [], revision});

describe('sidecarRevision', () => {
  it('is undefined for a pod without an istio-proxy container', () => {
    expect(
      sidecarRevision(pod('plain', {containers: ['app'], labels: {'istio.io/rev': 'canary'}})),
    ).toBeUndefined();
  });
  it('prefers the istio.io/rev label', () => {
    expect(
      sidecarRevision(
        pod('a', {
          labels: {'istio.io/rev': 'canary'},
          annotations: {'sidecar.istio.io/status': status('other')},
        }),
      ),
    ).toBe('canary');
  });
  it('falls back to the sidecar.istio.io/status revision, then to default', () => {
    expect(sidecarRevision(pod('a', {annotations: {'sidecar.istio.io/status': status('1-29')}}))).toBe(
      '1-29',
    );
    expect(sidecarRevision(pod('a', {annotations: {'sidecar.istio.io/status': '{not json'}}))).toBe(
      'default',
    );
    expect(
      sidecarRevision(pod('a', {annotations: {'sidecar.istio.io/status': '{"containers":["istio-proxy"]}'}})),
    ).toBe('default');
    expect(sidecarRevision(pod('a'))).toBe('default');
  });
  it('counts a native sidecar (istio-proxy as an init container)', () => {
    expect(
      sidecarRevision(pod('a', {containers: ['app'], init: ['istio-proxy'], labels: {'istio.io/rev': 'x'}})),
    ).toBe('x');
  });
});

describe('installedRevisions', () => {
  it('reads app=istiod Deployments in any namespace by their istio.io/rev label, else their name', () => {
    const revisions = installedRevisions([
      istiod('istiod', 'istio-system', {app: 'istiod', 'istio.io/rev': 'default'}),
      istiod('istiod-canary', 'other-ns', {app: 'istiod', 'istio.io/rev': 'canary'}),
      istiod('istiod-blue', 'istio-system', {app: 'istiod'}),
      istiod('istiod-green', 'istio-system', {app: 'not-istiod', 'istio.io/rev': 'green'}),
    ]);
    expect([...revisions].sort()).toEqual(['blue', 'canary', 'default']);
  });
});

describe('workloadRevisionFindings', () => {
  const deployments = [istiod('istiod-canary', 'istio-system', {app: 'istiod', 'istio.io/rev': 'canary'})];

  it('warns once per injected pod whose revision has no istiod, naming the pod and the revision', () => {
    const found = workloadRevisionFindings(
      [
        pod('z-ghost', {labels: {'istio.io/rev': 'ghost'}}),
        pod('canary-ok', {labels: {'istio.io/rev': 'canary'}}),
        pod('plain', {containers: ['app']}),
        pod('a-ghost', {annotations: {'sidecar.istio.io/status': status('ghost')}}),
        pod('legacy'),
        pod('leaving', {labels: {'istio.io/rev': 'ghost'}, deleting: true}),
      ],
      deployments,
    );
    expect(found).toEqual([
      {
        id: 'workloads.revision',
        severity: 'warning',
        message: 'pod apps/legacy is injected by revision "default", which is not installed',
        hint: 'install the default revision (mesh install), or move the workload to an installed revision and restart it',
      },
      {
        id: 'workloads.revision',
        severity: 'warning',
        message: 'pod apps/a-ghost is injected by revision "ghost", which is not installed',
        hint: 'install revision "ghost" (mesh install -r ghost), or move the workload to an installed revision and restart it',
      },
      {
        id: 'workloads.revision',
        severity: 'warning',
        message: 'pod apps/z-ghost is injected by revision "ghost", which is not installed',
        hint: 'install revision "ghost" (mesh install -r ghost), or move the workload to an installed revision and restart it',
      },
    ]);
  });

  it('passes when every injected pod has a control plane', () => {
    const found = workloadRevisionFindings(
      [pod('a', {labels: {'istio.io/rev': 'canary'}}), pod('b', {containers: ['app']})],
      deployments,
    );
    expect(found).toEqual([
      {
        id: 'workloads.revision',
        severity: 'ok',
        message: 'every injected workload has an installed control plane',
      },
    ]);
  });
});
