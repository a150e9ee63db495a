// The local control plane lives in plain JavaScript (scripts/lib/controlplane.js, typed by its
// .d.ts) so that scripts/cluster.js can use it on Node 20 without a TypeScript loader.
export {resolveBinDir, startControlPlane} from '../../scripts/lib/controlplane.js';
export type {ControlPlane, StartOptions} from '../../scripts/lib/controlplane.js';
