/**
 * The user's IstioOperator before profiles: -f documents merged in order (maps merge, lists
 * replace, as istioctl does); and --set assignments written with mesh's typed path grammar.
 */
import {applySets} from '../../spec/apply.js';
import {throwProblems} from '../../spec/problems.js';
import type {SetAssignment} from '../../spec/set-value.js';
import type {JsonObject} from '../../spec/types.js';
import type {Obj} from '../types.js';
import {isObj} from '../util.js';
import {mergeFrom} from './tree.js';

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

/** Writes --set assignments (paths relative to spec) into an IstioOperator tree. */
export function applyAssignments(tree: Obj, sets: readonly SetAssignment[]): void {
  if (!isObj(tree.spec)) tree.spec = {};
  throwProblems(applySets(tree.spec as JsonObject, sets));
}
