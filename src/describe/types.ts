/**
 * The slice of Kubernetes and Istio JSON that `describe` reads. Objects are plain API JSON
 * (what `kubectl get -o json` prints); every field is optional because real objects omit
 * defaults and the functions here must never crash on a sparse object.
 */

export type Labels = {[key: string]: string};

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Labels;
  annotations?: Labels;
  /** RFC 3339 string in API JSON. */
  creationTimestamp?: string;
}

export interface KubeObject<Spec = unknown> {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Spec;
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  protocol?: string;
}

export interface Container {
  name?: string;
  ports?: ContainerPort[];
  securityContext?: {runAsUser?: number};
}

export interface Pod extends KubeObject<{
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: {runAsUser?: number};
}> {
  status?: {
    phase?: string;
    containerStatuses?: {name?: string; ready?: boolean}[];
    initContainerStatuses?: {name?: string; ready?: boolean}[];
  };
}

export interface ServicePort {
  name?: string;
  port?: number;
  /** Number, or the name of a container port. */
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export type Service = KubeObject<{selector?: Labels; ports?: ServicePort[]}>;

export interface WorkloadSelector {
  matchLabels?: Labels;
}

export interface TlsSettings {
  mode?: string;
}

export interface TrafficPolicy {
  tls?: TlsSettings;
  loadBalancer?: unknown;
  connectionPool?: unknown;
  outlierDetection?: unknown;
  portLevelSettings?: (TrafficPolicy & {port?: {number?: number}})[];
}

export interface Subset {
  name?: string;
  labels?: Labels;
  trafficPolicy?: TrafficPolicy;
}

export type DestinationRule = KubeObject<{
  host?: string;
  subsets?: Subset[];
  trafficPolicy?: TrafficPolicy;
  exportTo?: string[];
  workloadSelector?: WorkloadSelector;
}>;

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HttpMatchRequest {
  name?: string;
  uri?: StringMatch;
  ignoreUriCase?: boolean;
  headers?: {[name: string]: StringMatch};
}

export interface RouteDestination {
  destination?: {host?: string; subset?: string; port?: {number?: number}};
  weight?: number;
}

export interface HttpRoute {
  name?: string;
  match?: HttpMatchRequest[];
  route?: RouteDestination[];
  fault?: unknown;
}

export interface TcpRoute {
  match?: unknown[];
  route?: RouteDestination[];
}

export type VirtualService = KubeObject<{
  hosts?: string[];
  gateways?: string[];
  exportTo?: string[];
  http?: HttpRoute[];
  tcp?: TcpRoute[];
  tls?: TcpRoute[];
}>;

export type PeerAuthentication = KubeObject<{
  selector?: WorkloadSelector;
  mtls?: {mode?: string};
  portLevelMtls?: {[port: string]: {mode?: string}};
}>;

export interface CustomTag {
  literal?: {value?: string};
  header?: {name?: string; defaultValue?: string};
  environment?: {name?: string; defaultValue?: string};
}

export interface TracingEntry {
  providers?: {name?: string}[];
  randomSamplingPercentage?: number;
  disableSpanReporting?: boolean;
  customTags?: {[tag: string]: CustomTag};
}

export type Telemetry = KubeObject<{
  selector?: WorkloadSelector;
  targetRef?: unknown;
  targetRefs?: unknown[];
  tracing?: TracingEntry[];
  metrics?: {providers?: {name?: string}[]}[];
  accessLogging?: {providers?: {name?: string}[]; disabled?: boolean}[];
}>;

/** The parts of MeshConfig (the `mesh` key of the `istio` ConfigMap) that describe reads. */
export interface MeshConfig {
  rootNamespace?: string;
  extensionProviders?: {name?: string; [provider: string]: unknown}[];
  defaultProviders?: {tracing?: string[]; metrics?: string[]; accessLogging?: string[]};
  defaultConfig?: {tracing?: {sampling?: number}};
}

/** Everything `describePod` and `effectiveTelemetry` look at; read once from the cluster. */
export interface Snapshot {
  pod: Pod;
  /** Services of the pod's namespace (all of them; the ones selecting the pod are picked here). */
  services: Service[];
  /** DestinationRules of every namespace. */
  destinationRules: DestinationRule[];
  /** VirtualServices of every namespace. */
  virtualServices: VirtualService[];
  /** PeerAuthentications of the pod's namespace and the root namespace (more is harmless). */
  peerAuthentications: PeerAuthentication[];
  /** Telemetry resources of the pod's namespace and the root namespace (more is harmless). */
  telemetries: Telemetry[];
  meshConfig: MeshConfig;
  /** The Istio install namespace; the root namespace when meshConfig.rootNamespace is unset. Default istio-system. */
  rootNamespace?: string;
}

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** meshConfig.rootNamespace, else the install namespace, else istio-system. */
export function rootNamespaceOf(snapshot: Pick<Snapshot, 'meshConfig' | 'rootNamespace'>): string {
  return snapshot.meshConfig.rootNamespace || snapshot.rootNamespace || DEFAULT_ISTIO_NAMESPACE;
}
