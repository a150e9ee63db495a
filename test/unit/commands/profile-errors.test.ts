import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {runCommand} from '../../support/run-command.js';

const HINT =
  '  hint: fix each of them; `mesh profile dump` shows a valid spec, `-o flags` its paths in the --set grammar\n';
const DNS =
  "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)";
const a = (n: number) => 'a'.repeat(n);
const tooLong = (n: number) =>
  `must be at most 47 characters, it has ${n} (installed-state-<revision> is a label value, limited to 63)`;
const REVISION_HINT =
  '  hint: this field takes a revision name: a DNS-1123 label of at most 47 characters, e.g. canary or 1-31-0\n';

async function fails(argv: string[]): Promise<string> {
  const result = await runCommand(ProfileDump, argv);
  expect(result.stdout).toBe('');
  expect(result.exitCode).toBe(1);
  return result.stderr;
}

describe('every problem of a command is reported at once', () => {
  it('lists a type error, an unknown path and a bad revision from three --set flags', async () => {
    const stderr = await fails([
      '--set',
      'components.pilot.k8s.replicaCount=abc',
      '--set',
      'foo=1',
      '--set',
      'revision=Bad_Rev',
    ]);
    expect(stderr).toBe(
      'Error: 3 problems:\n' +
        '  --set components.pilot.k8s.replicaCount=abc: expected an integer, got "abc"\n' +
        '  --set foo=1: unknown field "foo" in spec\n' +
        `  --set revision=Bad_Rev: invalid revision "Bad_Rev": ${DNS}\n` +
        HINT,
    );
  });

  it('with a bad -f file, -r and an unknown profile, in order', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mesh-errors-')), 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hubb: x\n  components:\n    pilot:\n      enabled: "yes"\n',
    );
    const stderr = await fails(['--set', 'oops', '--set', 'profile=demoo', '-f', file, '-r', 'X']);
    expect(stderr).toBe(
      'Error: 5 problems:\n' +
        '  --set oops: expected path=value\n' +
        `  -r X: invalid revision "X": ${DNS}\n` +
        `  -f ${file}: spec.hubb: unknown field "hubb" (did you mean "hub"?)\n` +
        `  -f ${file}: spec.components.pilot.enabled: expected true or false, got "yes"\n` +
        '  unknown profile "demoo" (did you mean "demo"?)\n' +
        HINT,
    );
  });

  it('a --set that does not apply and a rule of the merged spec, together', async () => {
    const stderr = await fails([
      '--set',
      'components.ingressGateways[name:nope].enabled=true',
      '--set',
      'meshConfig.extensionProviders[0].zipkin.service=z',
    ]);
    expect(stderr).toBe(
      'Error: 2 problems:\n' +
        '  --set components.ingressGateways[name:nope].enabled=true: element [name:nope] not found in components.ingressGateways\n' +
        '  the merged spec: spec.meshConfig.extensionProviders[0]: missing required field "name"\n' +
        HINT,
    );
  });
});

describe('revision names', () => {
  it.each([
    [['-r', a(64)], `Error: -r ${a(64)}: invalid revision "${a(64)}": ${tooLong(64)}\n${REVISION_HINT}`],
    [['-r', a(60)], `Error: -r ${a(60)}: invalid revision "${a(60)}": ${tooLong(60)}\n${REVISION_HINT}`],
    [
      ['--set', `revision=${a(48)}`],
      `Error: --set revision=${a(48)}: invalid revision "${a(48)}": ${tooLong(48)}\n${REVISION_HINT}`,
    ],
    [
      ['--set-string', 'revision=A_'],
      `Error: --set-string revision=A_: invalid revision "A_": ${DNS}\n${REVISION_HINT}`,
    ],
  ])('%j is refused before anything is rendered', async (argv, stderr) => {
    expect(await fails(argv)).toBe(stderr);
  });

  it('a revision in a -f file is held to the same rule, both reasons at once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mesh-rev-')), 'rev.yaml');
    writeFileSync(
      file,
      `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  revision: ${a(59)}_\n`,
    );
    expect(await fails(['-f', file])).toBe(
      `Error: -f ${file}: spec.revision: invalid revision "${a(59)}_": ${DNS}; and ${tooLong(60)}\n  hint: \`mesh profile dump\` shows a valid spec\n`,
    );
  });

  it('47 characters is the longest accepted', async () => {
    const result = await runCommand(ProfileDump, ['-r', a(47), '-p', 'revision', '-o', 'json']);
    expect(result).toMatchObject({stdout: `"${a(47)}"\n`, exitCode: 0});
  });
});

describe('fields that are not in the API', () => {
  it.each([
    [
      'meshConfig.extensionProviders[0].zipkn.service=a',
      'unknown field "zipkn" in meshConfig.extensionProviders[0] (did you mean "zipkin"?)',
      'known fields of meshConfig.extensionProviders[0]: name, envoyExtAuthzHttp, envoyExtAuthzGrpc, zipkin, lightstep, datadog, stackdriver, skywalking, opentelemetry, prometheus, envoyFileAccessLog, envoyHttpAls, envoyTcpAls, envoyOtelAls',
    ],
    [
      'components.pilot.k8s.service.bogus=a',
      'unknown field "bogus" in components.pilot.k8s.service',
      'known fields of components.pilot.k8s.service: type, ports, loadBalancerIP, loadBalancerClass, loadBalancerSourceRanges, externalTrafficPolicy, internalTrafficPolicy, sessionAffinity, sessionAffinityConfig, clusterIP, clusterIPs, externalIPs, externalName, ipFamilies, ipFamilyPolicy, allocateLoadBalancerNodePorts, healthCheckNodePort, publishNotReadyAddresses, trafficDistribution',
    ],
    [
      'components.pilot.k8s.service.annotations.a=b',
      'unknown field "annotations" in components.pilot.k8s.service',
      undefined,
    ],
    ['meshConfig.defaultConfig.bogus=a', 'unknown field "bogus" in meshConfig.defaultConfig', undefined],
    [
      'meshConfig.defaultConfig.holdApplicationUntilProxyStart=true',
      'unknown field "holdApplicationUntilProxyStart" in meshConfig.defaultConfig (did you mean "holdApplicationUntilProxyStarts"?)',
      undefined,
    ],
  ])('--set %s', async (set, message, hint) => {
    const stderr = await fails(['--set', set]);
    expect(stderr.startsWith(`Error: --set ${set}: ${message}\n  hint: `)).toBe(true);
    if (hint) expect(stderr).toBe(`Error: --set ${set}: ${message}\n  hint: ${hint}\n`);
  });

  it('rejects an integer beyond the safe range', async () => {
    expect(await fails(['--set', 'components.pilot.k8s.replicaCount=99999999999999999999'])).toBe(
      'Error: --set components.pilot.k8s.replicaCount=99999999999999999999: expected an integer between -9007199254740991 and 9007199254740991, got 99999999999999999999\n' +
        '  hint: this field takes an integer; see `mesh profile dump -o flags` for the values in use\n',
    );
  });

  it('an extension provider needs exactly one kind', async () => {
    const stderr = await fails(['--set', 'meshConfig.extensionProviders[0].name=x']);
    expect(stderr).toContain(
      'Error: the merged spec: spec.meshConfig.extensionProviders[0]: expected exactly one of envoyExtAuthzHttp, envoyExtAuthzGrpc, zipkin, lightstep, datadog, stackdriver, skywalking, opentelemetry, prometheus, envoyFileAccessLog, envoyHttpAls, envoyTcpAls, envoyOtelAls; found none\n',
    );
  });

  it('accepts the fields users set', async () => {
    const sets = [
      'meshConfig.extensionProviders[0].name=zipkin',
      'meshConfig.extensionProviders[0].zipkin.service=zipkin.tracing.svc',
      'meshConfig.extensionProviders[0].zipkin.port=9411',
      'meshConfig.defaultConfig.holdApplicationUntilProxyStarts=true',
      'meshConfig.defaultConfig.proxyMetadata.ANY_NAME=1',
      'meshConfig.defaultConfig.tracing.sampling=10',
      'components.ingressGateways[0].k8s.service.type=LoadBalancer',
      'components.ingressGateways[0].k8s.service.ports[0].port=80',
      'components.ingressGateways[0].k8s.service.loadBalancerSourceRanges[0]=10.0.0.0/8',
    ];
    const result = await runCommand(ProfileDump, [...sets.flatMap((s) => ['--set', s]), '-o', 'flags']);
    expect(result.stderr).toBe('');
    for (const line of [
      'meshConfig.extensionProviders[0].zipkin.port=9411',
      'meshConfig.defaultConfig.proxyMetadata.ANY_NAME="1"',
    ]) {
      expect(result.stdout).toContain(`\n${line}\n`);
    }
  });
});
