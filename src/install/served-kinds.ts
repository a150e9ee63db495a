/**
 * Pre-flight: every kind the plan applies is served by the cluster, or defined by a CRD in the
 * plan itself. Istio's OpenShift profiles render a NetworkAttachmentDefinition, which only a
 * cluster running Multus serves: without this check the install stopped half-way on a 404.
 */
import type {Cluster} from '../cluster/client.js';
import {objectRef, type K8sObject} from '../cluster/kinds.js';
import {apiFailure, networkCause} from '../cluster/failures.js';
import {LABEL_COMPONENT} from '../render/labels.js';
import type {Finding} from './preflight.js';

/** API groups every supported Kubernetes (1.30+) serves: never asked about. */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** What to do when the cluster lacks a kind the Istio charts render. */
const REMEDIES: {[kind: string]: string} = {
  // istio-cni renders it with values.cni.provider=multus (the OpenShift profiles set it).
  NetworkAttachmentDefinition:
    "install Multus first (OpenShift runs it by default), or pass --set values.cni.provider=default to chain Istio's CNI plugin without it",
};

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

export async function checkServedKinds(cluster: Cluster, objects: K8sObject[]): Promise<Finding[]> {
  const definedHere = new Set(
    objects
      .filter((o) => o.kind === 'CustomResourceDefinition')
      .map((o) => {
        const spec = o.spec as {group?: string; names?: {kind?: string}} | undefined;
        return `${spec?.group}/${spec?.names?.kind}`;
      }),
  );
  // One object of each kind to ask about, in plan order.
  const asked = new Map<string, K8sObject>();
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    if (BUILT_IN_GROUPS.has(group) || definedHere.has(`${group}/${object.kind}`)) continue;
    const key = `${object.apiVersion} ${object.kind}`;
    if (!asked.has(key)) asked.set(key, object);
  }
  const findings = await Promise.all(
    [...asked.values()].map(async (object): Promise<Finding> => {
      const what = `${object.kind} (${object.apiVersion})`;
      try {
        if (await cluster.rest.serves(object.apiVersion, object.kind))
          return {id: 'cluster.kinds', severity: 'ok', message: `the cluster serves ${what}`};
      } catch (error) {
        const failure = apiFailure(error);
        return {
          id: 'cluster.kinds',
          severity: 'warning',
          message: `could not check that the cluster serves ${what}: ${networkCause(error) ?? failure.message}`,
          hint: 'check it by hand: kubectl api-resources',
        };
      }
      const component = object.metadata.labels?.[LABEL_COMPONENT];

      return {
        id: 'cluster.kinds',
        severity: 'error',
        message: `the cluster does not serve ${what}, which ${component ? `the ${component} component renders` : 'the install applies'} (${objectRef(object)}), and no CRD in this install defines it`,
        hint:
          REMEDIES[object.kind] ??
          `install the CRD that defines ${object.kind} first, or turn off the component that renders it`,
      };
    }),
  );
  return findings;
}
