/** Istio's charts and profiles as the build exported them (scripts/export-istio.sh → dist/istio). */
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {MeshError} from './errors.js';
import {packageUrl} from './package-root.js';

/** Overridable for tests that render another export; the build's copy otherwise. */
export function istioDir(): string {
  return process.env.MESH_ISTIO_DIR ?? fileURLToPath(packageUrl('dist/istio/'));
}

export function istioPath(...parts: string[]): string {
  const dir = istioDir();
  if (!existsSync(join(dir, 'VERSION')))
    throw new MeshError('istio-missing', `Istio's charts and profiles are missing from ${dir}`, {
      hint: 'run `npm run build` (or `bash scripts/export-istio.sh`) to export them',
    });
  return join(dir, ...parts);
}

export function readIstioFile(...parts: string[]): string {
  return readFileSync(istioPath(...parts), 'utf8');
}
