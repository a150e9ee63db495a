/**
 * Exec credential plugins (client.authentication.k8s.io), run as kubectl runs them: once per
 * process, the answer kept until its expirationTimestamp (for the whole process when it has none),
 * concurrent requests sharing the one run. The client library would run the plugin for every
 * request made before the first run finished, and on every request when no expiry is given.
 */
import {execa} from 'execa';
import {MeshError} from '../errors.js';

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: {name: string; value: string}[] | null;
  apiVersion?: string;
  installHint?: string;
}

export interface Credential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Epoch ms; undefined = valid for the process. */
  expires?: number;
}

const cache = new Map<string, Promise<Credential>>();
const expiry = new Map<string, number | undefined>();

/** The plugin's credential, from cache when still valid. `context` is for messages only. */
export function execCredential(exec: ExecConfig, context: string): Promise<Credential> {
  const key = JSON.stringify([exec.command, exec.args ?? [], exec.env ?? [], exec.apiVersion ?? '']);
  const cached = cache.get(key);
  const expires = expiry.get(key);
  // Renew a little before expiry so that no request goes out with a token about to lapse.
  if (cached && (expires === undefined || expires - 10_000 > Date.now())) return cached;
  const run = runPlugin(exec, context).then((credential) => {
    expiry.set(key, credential.expires);
    return credential;
  });
  run.catch(() => cache.delete(key)); // a failed run is not remembered: the next request tries again
  cache.set(key, run);
  expiry.set(key, undefined);
  return run;
}

async function runPlugin(exec: ExecConfig, context: string): Promise<Credential> {
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  const env: {[name: string]: string} = {
    KUBERNETES_EXEC_INFO: JSON.stringify({apiVersion, kind: 'ExecCredential', spec: {interactive: false}}),
  };
  for (const entry of exec.env ?? []) env[entry.name] = entry.value;
  const result = await execa(exec.command, exec.args ?? [], {env, reject: false, stdin: 'ignore'});
  const plugin = `credential plugin "${exec.command}"`;
  if ((result as {code?: string}).code === 'ENOENT' || /ENOENT/.test(String(result.message ?? ''))) {
    throw new MeshError('credential-plugin-missing', `${plugin} not found (context "${context}")`, {
      hint: exec.installHint?.trim() || 'install it, or fix users[].user.exec.command in the kubeconfig',
    });
  }
  if (result.failed) {
    // stderr is the plugin's own explanation; stdout may hold a credential and is never shown.
    const said =
      String(result.stderr ?? '')
        .trim()
        .split('\n')
        .pop() ?? '';
    throw new MeshError(
      'credential-plugin-failed',
      `${plugin} failed (context "${context}")${said ? `: ${said}` : ` with exit code ${result.exitCode}`}`,
    );
  }
  let status: {
    token?: string;
    clientCertificateData?: string;
    clientKeyData?: string;
    expirationTimestamp?: string;
  };
  try {
    status = (JSON.parse(String(result.stdout)) as {status?: typeof status}).status ?? {};
  } catch {
    throw new MeshError(
      'credential-plugin-failed',
      `${plugin} printed no ExecCredential JSON (context "${context}")`,
    );
  }
  // client-go refuses an ExecCredential without a token or a certificate and key: going on would be anonymous.
  if (!status.token && !(status.clientCertificateData && status.clientKeyData))
    throw new MeshError(
      'credential-plugin-failed',
      `${plugin} returned no credential (context "${context}"): its ExecCredential has neither status.token nor status.clientCertificateData and clientKeyData`,
    );
  const expires = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : undefined;
  return {
    token: status.token,
    clientCertificateData: status.clientCertificateData,
    clientKeyData: status.clientKeyData,
    expires: Number.isNaN(expires) ? undefined : expires,
  };
}
