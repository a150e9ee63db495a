/**
 * components.*.k8s over the rendered workloads: what merges (maps, env by name, hpaSpec,
 * volumes), what replaces (lists such as service ports and metrics, minAvailable by
 * maxUnavailable), and where each setting lands. Every case goes through --set and the schema.
 */
import {describe, expect, it} from 'vitest';
import {installOrder, render, type K8sObject} from '../../../src/render/index.js';
import {mergeEnv, normalizeServicePorts} from '../../../src/render/k8s-settings.js';
import {composeSpec} from '../../../src/spec/compose.js';

type Obj = {[key: string]: unknown};
const GATEWAY = 'components.ingressGateways[name:istio-ingressgateway].k8s';

async function objectsWith(...sets: string[]): Promise<K8sObject[]> {
  const {operator} = await composeSpec({sets});
  return installOrder(render(operator));
}

function get(objects: K8sObject[], kind: string, name: string): K8sObject & {spec: Obj} {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found as K8sObject & {spec: Obj};
}

const podSpec = (deployment: K8sObject) => ((deployment.spec as Obj).template as Obj).spec as Obj;
const mainContainer = (deployment: K8sObject) => (podSpec(deployment).containers as Obj[])[0]!;
const envNames = (deployment: K8sObject) => (mainContainer(deployment).env as Obj[]).map((e) => e.name);

describe('env', () => {
  it('merges by name: a known name is replaced in place, a new one appended, the rest kept', async () => {
    const before = get(await objectsWith(), 'Deployment', 'istiod');
    const after = get(
      await objectsWith(
        'components.pilot.k8s.env[0].name=PILOT_TRACE_SAMPLING',
        'components.pilot.k8s.env[0].value=42',
        'components.pilot.k8s.env[1].name=EXTRA',
        'components.pilot.k8s.env[1].value=yes',
      ),
      'Deployment',
      'istiod',
    );
    expect(envNames(after)).toEqual([...envNames(before), 'EXTRA']);
    const env = mainContainer(after).env as Obj[];
    expect(env.find((e) => e.name === 'PILOT_TRACE_SAMPLING')).toEqual({
      name: 'PILOT_TRACE_SAMPLING',
      value: '42',
    });
    expect(env.at(-1)).toEqual({name: 'EXTRA', value: 'yes'});
    expect(env.filter((e) => e.name !== 'PILOT_TRACE_SAMPLING' && e.name !== 'EXTRA')).toEqual(
      (mainContainer(before).env as Obj[]).filter((e) => e.name !== 'PILOT_TRACE_SAMPLING'),
    );
  });

  it('applies to the gateway’s istio-proxy container too', async () => {
    const gateway = get(
      await objectsWith(`${GATEWAY}.env[0].name=ISTIO_META_ROUTER_MODE`, `${GATEWAY}.env[0].value=standard`),
      'Deployment',
      'istio-ingressgateway',
    );
    expect((mainContainer(gateway).env as Obj[]).filter((e) => e.name === 'ISTIO_META_ROUTER_MODE')).toEqual([
      {name: 'ISTIO_META_ROUTER_MODE', value: 'standard'},
    ]);
  });

  it('mergeEnv does not mutate its inputs', () => {
    const base = [{name: 'A', value: '1'}];
    const extra = [{name: 'A', value: '2'}];
    expect(mergeEnv(base, extra)).toEqual([{name: 'A', value: '2'}]);
    expect(base).toEqual([{name: 'A', value: '1'}]);
  });
});

describe('service', () => {
  it('ports replace the rendered list, filled in with protocol and targetPort; the Deployment listens on them', async () => {
    const objects = await objectsWith(
      `${GATEWAY}.service.ports[0].name=http`,
      `${GATEWAY}.service.ports[0].port=8080`,
    );
    expect(get(objects, 'Service', 'istio-ingressgateway').spec.ports).toEqual([
      {name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080},
    ]);
    const ports = (mainContainer(get(objects, 'Deployment', 'istio-ingressgateway')).ports as Obj[]).map(
      (p) => p.containerPort,
    );
    expect(ports).toEqual([8080, 15021, 15090]);
  });

  it('other service fields merge into the spec; serviceAnnotations into the metadata', async () => {
    const service = get(
      await objectsWith(
        `${GATEWAY}.service.type=NodePort`,
        `${GATEWAY}.serviceAnnotations.example\\.com/lb=internal`,
      ),
      'Service',
      'istio-ingressgateway',
    );
    expect(service.spec.type).toBe('NodePort');
    expect((service.spec.ports as Obj[]).map((p) => p.name)).toEqual(['status-port', 'http2', 'https']);
    expect(service.metadata.annotations).toEqual({'example.com/lb': 'internal'});
  });

  it('normalizeServicePorts keeps extra fields after the fixed ones', () => {
    expect(normalizeServicePorts([{nodePort: 30080, port: 80, name: 'http'}])).toEqual([
      {name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080},
    ]);
  });
});

describe('pod settings', () => {
  it('nodeSelector, tolerations and affinity land on the pod spec, not on the Deployment spec', async () => {
    const istiod = get(
      await objectsWith(
        'components.pilot.k8s.nodeSelector.kubernetes\\.io/os=linux',
        'components.pilot.k8s.tolerations[0].key=dedicated',
        'components.pilot.k8s.tolerations[0].operator=Exists',
        'components.pilot.k8s.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key=zone',
      ),
      'Deployment',
      'istiod',
    );
    const pod = podSpec(istiod);
    expect(pod.nodeSelector).toEqual({'kubernetes.io/os': 'linux'});
    expect(pod.tolerations).toEqual([{key: 'dedicated', operator: 'Exists'}]);
    expect(pod.affinity).toMatchObject({nodeAffinity: {}});
    expect(istiod.spec).not.toHaveProperty('nodeSelector');
    expect(mainContainer(istiod)).not.toHaveProperty('nodeSelector');
  });

  it('resources merge into the container’s rendered resources', async () => {
    const istiod = get(
      await objectsWith('components.pilot.k8s.resources.limits.memory=4Gi'),
      'Deployment',
      'istiod',
    );
    expect(mainContainer(istiod).resources).toEqual({
      requests: {cpu: '500m', memory: '2048Mi'},
      limits: {memory: '4Gi'},
    });
  });

  it('a readinessProbe with a handler replaces the rendered handler and keeps the timings', async () => {
    const istiod = get(
      await objectsWith('components.pilot.k8s.readinessProbe.tcpSocket.port=15010'),
      'Deployment',
      'istiod',
    );
    expect(mainContainer(istiod).readinessProbe).toEqual({
      initialDelaySeconds: 1,
      periodSeconds: 3,
      timeoutSeconds: 5,
      tcpSocket: {port: 15010},
    });
  });

  it('volumes merge into the pod by name and volumeMounts into the container by mountPath', async () => {
    const istiod = get(
      await objectsWith(
        'components.pilot.k8s.volumes[0].name=extra',
        'components.pilot.k8s.volumes[0].emptyDir.medium=Memory',
        'components.pilot.k8s.volumes[1].name=cacerts',
        'components.pilot.k8s.volumes[1].secret.secretName=my-cacerts',
        'components.pilot.k8s.volumeMounts[0].name=extra',
        'components.pilot.k8s.volumeMounts[0].mountPath=/extra',
      ),
      'Deployment',
      'istiod',
    );
    const volumes = podSpec(istiod).volumes as Obj[];
    expect(volumes.map((v) => v.name)).toEqual([
      'local-certs',
      'istio-token',
      'cacerts',
      'istio-kubeconfig',
      'extra',
    ]);
    expect(volumes.find((v) => v.name === 'cacerts')).toEqual({
      name: 'cacerts',
      secret: {secretName: 'my-cacerts'},
    });
    expect((mainContainer(istiod).volumeMounts as Obj[]).at(-1)).toEqual({
      name: 'extra',
      mountPath: '/extra',
    });
  });
});

describe('replicas and autoscaling', () => {
  it('replicaCount without hpaSpec turns the autoscaler off and sets the replicas', async () => {
    const objects = await objectsWith('components.pilot.k8s.replicaCount=3');
    expect(get(objects, 'Deployment', 'istiod').spec.replicas).toBe(3);
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toEqual([
      'istio-ingressgateway',
    ]);
  });

  it('hpaSpec merges into the autoscaler: minReplicas changes, maxReplicas and metrics stay', async () => {
    const hpa = get(
      await objectsWith('components.pilot.k8s.hpaSpec.minReplicas=2'),
      'HorizontalPodAutoscaler',
      'istiod',
    );
    expect(hpa.spec).toEqual({
      scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod'},
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        {type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}},
      ],
    });
  });

  it('hpaSpec metrics replace the rendered list', async () => {
    const hpa = get(
      await objectsWith(
        `${GATEWAY}.hpaSpec.metrics[0].type=Resource`,
        `${GATEWAY}.hpaSpec.metrics[0].resource.name=memory`,
      ),
      'HorizontalPodAutoscaler',
      'istio-ingressgateway',
    );
    expect(hpa.spec.metrics).toEqual([{type: 'Resource', resource: {name: 'memory'}}]);
  });

  it('with hpaSpec and replicaCount the autoscaler stays and owns the replicas', async () => {
    const objects = await objectsWith(
      'components.pilot.k8s.replicaCount=3',
      'components.pilot.k8s.hpaSpec.maxReplicas=9',
    );
    expect(get(objects, 'HorizontalPodAutoscaler', 'istiod').spec).toMatchObject({
      minReplicas: 1,
      maxReplicas: 9,
    });
    expect(get(objects, 'Deployment', 'istiod').spec).not.toHaveProperty('replicas');
  });

  it('values.pilot.replicaCount is written only when no autoscaler owns the replicas', async () => {
    expect(
      get(await objectsWith('values.pilot.replicaCount=3'), 'Deployment', 'istiod').spec,
    ).not.toHaveProperty('replicas');
    const fixed = get(
      await objectsWith('values.pilot.replicaCount=3', 'values.pilot.autoscaleEnabled=false'),
      'Deployment',
      'istiod',
    );
    expect(fixed.spec.replicas).toBe(3);
  });
});

describe('podDisruptionBudget', () => {
  it('maxUnavailable replaces the rendered minAvailable', async () => {
    const pdb = get(
      await objectsWith('components.pilot.k8s.podDisruptionBudget.maxUnavailable=1'),
      'PodDisruptionBudget',
      'istiod',
    );
    expect(pdb.spec).toEqual({
      selector: {matchLabels: {app: 'istiod', 'istio.io/rev': 'default'}},
      maxUnavailable: 1,
    });
  });

  it('minAvailable replaces the rendered value; a percentage stays a string', async () => {
    const pdb = get(
      await objectsWith(`${GATEWAY}.podDisruptionBudget.minAvailable=50%`),
      'PodDisruptionBudget',
      'istio-ingressgateway',
    );
    expect(pdb.spec.minAvailable).toBe('50%');
    expect(pdb.spec).not.toHaveProperty('maxUnavailable');
  });
});
