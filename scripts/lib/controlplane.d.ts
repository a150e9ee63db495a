// Types for controlplane.js (plain ESM so that scripts/cluster.js can run it on Node 20).

export interface StartOptions {
  /** Directory with etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (and kubectl).
   * Default: $MESH_CONTROLPLANE_BIN, else the last line printed by scripts/build-controlplane.sh. */
  binDir?: string;
  /** kwok Stage YAMLs. Default: $MESH_CONTROLPLANE_STAGES, else `<binDir>/../stages`. */
  stagesDir?: string;
  /** Time allowed until ready (readyz, node Ready, default ServiceAccount). Default 90 000 ms. */
  timeoutMs?: number;
  /** Progress lines (component started, ready after N s). Default: silent. */
  log?: (line: string) => void;
  /** Aborts a start in progress; what was started is stopped and cleaned up. */
  signal?: AbortSignal;
  /** Keep the temp dir (certificates, logs, etcd data) after stop, for debugging. */
  keepDir?: boolean;
}

export interface ControlPlane {
  /** kubeconfig (admin, system:masters) referring to the CA and client certificate files by path. */
  kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  /** Temp dir holding certificates, kubeconfig, etcd data and one `<component>.log` per component. */
  dir: string;
  /** Where the binaries came from (kubectl 1.36.3 is there too). */
  binDir: string;
  /** Milliseconds from call to ready. */
  startMs: number;
  /** Pids of the processes started: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok. */
  pids: Record<string, number>;
  /** Throws, naming the component and quoting its log tail, if any component has exited. */
  assertAlive(): void;
  /** SIGTERM then SIGKILL (after 5 s) to exactly the pids started, waits, removes the temp dir.
   * Rejects afterwards if a component had exited before stop was called. Idempotent. */
  stop(): Promise<void>;
}

export function resolveBinDir(opts?: {binDir?: string}): Promise<string>;
export function startControlPlane(opts?: StartOptions): Promise<ControlPlane>;
