// @ts-check
// Bench rows for hostile input (issue: bounded work on any input): a ~550-byte YAML alias
// bomb under components.pilot.k8s.affinity and a 20,000-segment --set path must each end in
// an error in well under a second. Measured in-process from the built library (dist/).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Buffer} from 'node:buffer';
import {performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';

/** @param {string} root the repository root */
export async function benchHostile(root) {
  const {composeSpec} = await import(pathToFileURL(join(root, 'dist/spec/compose.js')).href);
  const dir = mkdtempSync(join(tmpdir(), 'mesh-bench-hostile-'));
  const bomb = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++)
    bomb.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  const file = join(dir, 'bomb.yaml');
  const head =
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    pilot:\n      k8s:\n        affinity:\n';
  writeFileSync(file, head + bomb.map((line) => `          ${line}`).join('\n'));
  const cases = [
    {name: `alias bomb (${Buffer.byteLength(bomb.join('\n'))} bytes of aliases)`, input: {files: [file]}},
    {
      name: '--set path of 20,000 segments',
      input: {sets: [`${Array.from({length: 20_000}, (_, i) => `k${i}`).join('.')}=1`]},
    },
  ];
  for (const {name, input} of cases) {
    const start = performance.now();
    let outcome = 'accepted (!)';
    try {
      await composeSpec(input);
    } catch (error) {
      outcome = `refused: ${String(/** @type {Error} */ (error).message)
        .replace(dir, '…')
        .slice(0, 90)}`;
    }
    const took = performance.now() - start;
    console.log(
      `hostile input: ${name}: ${took.toFixed(0)} ms, ${outcome} (goal < 1000 ms: ${took < 1000 ? 'ok' : 'MISSED'})`,
    );
  }
  rmSync(dir, {recursive: true, force: true});
}
