/**
 * The user's IstioOperator before profiles: -f documents merged in order (maps merge, lists
 * replace, as istioctl does); and --set assignments written with mesh's typed path grammar.
 */
import {applySet, type AppendedIndexes} from './apply.js';
import {collect, throwProblems, type Problem} from './problems.js';
import type {SetAssignment} from './set-value.js';
import type {JsonObject} from './types.js';
import {isObj, mergeFrom, type Obj} from './tree.js';

export function userTree(documents: readonly Obj[]): Obj {
  const tree: Obj = {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: {}, spec: {}};
  for (const document of documents) {
    const copy = {...document};
    if (copy.spec === null || copy.spec === undefined) delete copy.spec;
    mergeFrom(tree, copy);
  }
  if (!isObj(tree.spec)) tree.spec = {};
  return tree;
}

/**
 * Writes --set assignments (paths relative to spec) into an IstioOperator tree, in order. One
 * that does not apply is skipped and the others still apply; their problems are thrown together,
 * or added to `problems` when given (spec/compose.ts reports them with the rest of the input's).
 * Returns the assignments that did not apply.
 */
export function applyAssignments(
  tree: Obj,
  sets: readonly SetAssignment[],
  problems?: Problem[],
): SetAssignment[] {
  if (!isObj(tree.spec)) tree.spec = {};
  const spec = tree.spec as JsonObject;
  const found: Problem[] = [];
  const failed: SetAssignment[] = [];
  const appended: AppendedIndexes = new WeakMap();
  for (const set of sets) {
    const before = found.length;
    collect(found, () => applySet(spec, set, appended));
    if (found.length > before) failed.push(set);
  }
  if (problems) problems.push(...found);
  else throwProblems(found);
  return failed;
}
