// vitest globalSetup of the `integration` project: one real control plane per run.
import type {TestProject} from 'vitest/node';
import {startControlPlane} from './controlplane.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** kubeconfig of the run's control plane (admin). */
    kubeconfig: string;
    /** Directory of the control-plane binaries (kubectl, kube-apiserver, … v1.36.3). */
    controlPlaneBin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.MESH_NETNS !== '1') {
    throw new Error(
      'integration tests must run inside the loopback-only network namespace: ' +
        'use `npm test`, or `node scripts/netns.js npx vitest run --project integration`',
    );
  }
  const verbose = process.env.MESH_CONTROLPLANE_VERBOSE === '1';
  const cp = await startControlPlane({
    log: verbose ? (l) => process.stderr.write(`[controlplane] ${l}\n`) : undefined,
  });
  process.stderr.write(`[controlplane] ready in ${(cp.startMs / 1000).toFixed(1)}s at ${cp.server}\n`);
  project.provide('kubeconfig', cp.kubeconfigPath);
  project.provide('controlPlaneBin', cp.binDir);
  process.env.MESH_TEST_KUBECONFIG = cp.kubeconfigPath;
  return async () => {
    await cp.stop();
  };
}
