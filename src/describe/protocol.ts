/** Istio's protocol selection for a Service port: appProtocol, else the port name's prefix. */
import type {ServicePort} from './types.js';

const PROTOCOLS: {[lower: string]: string} = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
};

/** appProtocol values Kubernetes standardised, mapped to Istio protocols. */
const KUBERNETES_APP_PROTOCOLS: {[value: string]: string} = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/** Ports Istio never sniffs; an unnamed protocol on them means plain TCP. */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

export const UNSUPPORTED = 'UnsupportedProtocol';

function parse(name: string): string {
  return PROTOCOLS[name.toLowerCase()] ?? UNSUPPORTED;
}

/** The protocol istioctl prints after `<port>/`: `HTTP`, `GRPC`, `TCP`, `auto-detect`, … */
export function servicePortProtocol(port: ServicePort): string {
  const proto = (port.protocol ?? 'TCP').toUpperCase();
  if (proto === 'UDP') return 'UDP';
  if (!port.name && !port.appProtocol) return 'auto-detect';
  if (port.appProtocol) {
    const fromApp = KUBERNETES_APP_PROTOCOLS[port.appProtocol] ?? parse(port.appProtocol);
    if (fromApp !== UNSUPPORTED) return fromApp;
    if (port.appProtocol === 'hbone') return 'HBONE';
  }
  const name = port.name ?? '';
  let out: string;
  if (name.toLowerCase().startsWith('grpc-web')) out = 'GRPC-Web';
  else {
    const dash = name.indexOf('-');
    out = parse(dash >= 0 ? name.slice(0, dash) : name);
    if (out === 'UDP') out = 'TCP';
  }
  if (out === UNSUPPORTED && WELL_KNOWN_TCP_PORTS.has(port.port ?? 0)) return 'TCP';
  return out;
}
