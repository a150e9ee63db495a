/**
 * Which of the access an install needs the current user lacks. One SelfSubjectRulesReview per
 * namespace the plan writes to, plus one in a namespace that does not exist (it holds no
 * RoleBindings, so its rules are exactly the cluster-wide ones, the only ones that grant
 * cluster-scoped kinds); a planned namespace not created yet serves as that one. Where the
 * server says its rule list is incomplete (an authorizer that cannot enumerate, e.g. a webhook),
 * each access it does not show is asked for on its own with a SelfSubjectAccessReview.
 */
import {randomBytes} from 'node:crypto';
import type {Cluster} from '../cluster/client.js';

export interface Access {
  group: string;
  resource: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  verb: string;
}

export interface ResourceRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
}

interface RulesReview {
  status?: {resourceRules?: ResourceRule[]; incomplete?: boolean};
}

const has = (list: string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value));

/** True when a rule grants the access on every object of its kind (rules limited to resourceNames do not). */
export function allows(rules: readonly ResourceRule[], access: Access): boolean {
  return rules.some(
    (rule) =>
      !rule.resourceNames?.length &&
      has(rule.verbs, access.verb) &&
      has(rule.apiGroups, access.group) &&
      has(rule.resources, access.resource),
  );
}

/** `cannot create deployments.apps in namespace istio-system` / `… (cluster-wide)`. */
export function describeAccess(access: Access): string {
  const resource = access.group ? `${access.resource}.${access.group}` : access.resource;
  return `cannot ${access.verb} ${resource}${access.namespace ? ` in namespace ${access.namespace}` : ' (cluster-wide)'}`;
}

/** The accesses the user lacks, sorted by message. */
export async function missingAccess(
  cluster: Cluster,
  wanted: readonly Access[],
  absentNamespaces: ReadonlySet<string> = new Set(),
): Promise<Access[]> {
  // A planned namespace known not to exist holds no RoleBindings either: its review is the cluster-wide one.
  const clusterScope =
    wanted.map((access) => access.namespace).find((ns): ns is string => !!ns && absentNamespaces.has(ns)) ??
    `mesh-no-such-namespace-${randomBytes(4).toString('hex')}`;
  const scopes = [...new Set(wanted.map((access) => access.namespace ?? clusterScope))];
  const reviews = new Map(
    await Promise.all(
      scopes.map(async (namespace): Promise<[string, RulesReview]> => [
        namespace,
        await cluster.rest.send<RulesReview>({
          method: 'POST',
          path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
          body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {namespace}},
        }),
      ]),
    ),
  );
  const missing: Access[] = [];
  await Promise.all(
    wanted.map(async (access) => {
      const review = reviews.get(access.namespace ?? clusterScope)?.status;
      if (allows(review?.resourceRules ?? [], access)) return;
      if (review?.incomplete && (await accessReviewAllows(cluster, access))) return;
      missing.push(access);
    }),
  );
  // Code-unit order, so the output never depends on the locale.
  return missing
    .map(describeAccess)
    .sort()
    .map((line) => missing.find((access) => describeAccess(access) === line)!);
}

async function accessReviewAllows(cluster: Cluster, access: Access): Promise<boolean> {
  const review = await cluster.rest.send<{status?: {allowed?: boolean}}>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {resourceAttributes: access},
    },
  });
  return review.status?.allowed === true;
}
