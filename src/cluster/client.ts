/**
 * The cluster access port: connect() reads the kubeconfig (kubeconfig.ts) and gives the one REST
 * client every module reaches the apiserver through. @kubernetes/client-node costs ~300 ms to
 * import, so it is loaded lazily here and nowhere else; it serves only to read kubeconfig files
 * and turn them into TLS options.
 */
import type * as k8s from '@kubernetes/client-node';
import {execCredential} from './credentials.js';
import {loadKubeconfig, type KubeconfigOptions} from './kubeconfig.js';
import {withoutCredentials} from './failures.js';
import {RestClient} from './rest.js';

export type ClusterOptions = KubeconfigOptions;

export interface Cluster {
  /** The kubeconfig as loaded (exec credentials removed from its user: mesh runs plugins itself). */
  config: k8s.KubeConfig;
  /** Plain JSON REST for any kind: objects exactly as the server has them (apply, read, list, delete, watch). */
  rest: RestClient;
  /** Context name and server URL, for messages (never credentials). */
  contextName: string;
  server: string;
  /** The context's namespace, else `default` (what kubectl uses). */
  namespace: string;
}

export async function connect(options: ClusterOptions = {}): Promise<Cluster> {
  const lib = await import('@kubernetes/client-node');
  const loaded = loadKubeconfig(lib, options);
  const {exec, contextName} = loaded;
  const authenticate = exec
    ? async (request: {headers?: unknown; cert?: unknown; key?: unknown}) => {
        const credential = await execCredential(exec, contextName);
        if (credential.token)
          request.headers = {
            ...(request.headers as object),
            Authorization: `Bearer ${credential.token}`,
          };
        if (credential.clientCertificateData) request.cert = credential.clientCertificateData;
        if (credential.clientKeyData) request.key = credential.clientKeyData;
      }
    : undefined;
  return {
    config: loaded.config,
    rest: new RestClient(loaded.config, loaded.server, authenticate),
    contextName,
    server: withoutCredentials(loaded.server),
    namespace: loaded.namespace,
  };
}

export {
  apiFailure,
  isConflict,
  isNotFound,
  isTransient,
  withoutCredentials,
  type ApiFailure,
} from './failures.js';
