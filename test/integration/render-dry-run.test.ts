// Every profile's rendered objects are valid Kubernetes: the real apiserver accepts each one in a
// server-side dry run (schema, defaulting, admission), once its CRDs and namespaces exist.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyObject, deleteObject} from '../../src/cluster/apply.js';
import {objectRef} from '../../src/cluster/kinds.js';
import {waitForDeletion, waitForReady} from '../../src/cluster/readiness.js';
import {installOrder, render} from '../../src/render/index.js';
import {composeSpec} from '../../src/spec/compose.js';
import {listProfiles} from '../../src/spec/profiles.js';
import {purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';

let cluster: TestCluster;
const created: {apiVersion: string; kind: string; metadata: {name: string}}[] = [];

const cases: [string, string[], string?][] = [
  ...listProfiles().map((profile): [string, string[]] => [profile, [`profile=${profile}`]]),
  ['demo, revision canary', ['profile=demo'], 'canary'],
  [
    'a second ingress gateway in its own namespace',
    ['components.ingressGateways[1].name=edge-gateway', 'components.ingressGateways[1].namespace=mesh-edge'],
  ],
];

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
  for (const object of created) await deleteObject(cluster, object as never);
  await waitForDeletion(cluster, created as never, {timeoutMs: 60_000});
});

describe('rendered objects against the real apiserver (server-side dry run)', () => {
  it.each(cases)('%s', async (_name, sets, revision) => {
    const {operator} = await composeSpec({sets, revision});
    const objects = installOrder((await render(operator)).components);
    expect(objects.length > 0, 'only the empty profile renders nothing').toBe(
      !sets.includes('profile=empty'),
    );
    // Dry runs cannot create what later objects need: make the namespaces and CRDs real first.
    for (const object of objects.filter(
      (o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition',
    )) {
      const live = await applyObject(cluster, object);
      if (!created.some((c) => objectRef(c as never) === objectRef(live))) created.push(live);
    }
    const notReady = await waitForReady(cluster, created as never, {timeoutMs: 30_000});
    expect(notReady.map((item) => objectRef(item.object))).toEqual([]);

    const rejected: string[] = [];
    // OpenShift's istio-cni attaches through Multus, whose CRD this cluster does not have.
    for (const object of objects.filter((o) => o.kind !== 'NetworkAttachmentDefinition')) {
      await applyObject(cluster, object, {dryRun: true}).catch((error: Error) =>
        rejected.push(`${objectRef(object)}: ${error.message}`),
      );
    }
    expect(rejected).toEqual([]);
  });
});
