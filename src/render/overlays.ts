/**
 * k8s.overlays: last-resort patches of any object a component renders.
 *   overlays: [{kind, name, apiVersion?, patches: [{path, value}]}]
 * Paths start at the object's root: `.` separates segments (`\.` is a literal dot), `[N]`
 * indexes a list, `[key:value]` selects the list element whose field equals value, `[:value]`
 * selects a scalar list element. A patch with a value sets the node (creating missing maps;
 * `[N]` one past the end appends); a patch without a value (or a null one) deletes it.
 */
import {MeshError} from '../errors.js';
import {own} from '../spec/input-guard.js';
import {parsePath, type PathToken} from '../spec/set-path.js';
import {didYouMean} from '../spec/suggest.js';
import type {K8sObject} from './types.js';
import {isObj} from '../spec/tree.js';

export type OverlayToken = PathToken;

/** An overlay patch path in the one path grammar (spec/set-path.ts), with `[:value]` allowed. */
export function parseOverlayPath(path: string, where: string): OverlayToken[] {
  return parsePath(path, `${where}: patch path "${path}"`, {
    scalarSelect: true,
    badPath: (why) => badPath(path, where, why),
  });
}

function badPath(path: string, where: string, why: string): MeshError {
  return new MeshError('bad-overlay-path', `${where}: invalid patch path "${path}": ${why}`, {
    path: where,
    hint: 'paths look like spec.template.spec.containers.[name:discovery].args.[0]',
  });
}

function describeToken(token: OverlayToken): string {
  if (token.kind === 'key') return token.key;
  if (token.kind === 'index') return `[${token.index}]`;
  return `[${token.field}:${token.value}]`;
}

function matches(item: unknown, token: {field: string; value: string}): boolean {
  if (token.field === '') return !isObj(item) && !Array.isArray(item) && String(item) === token.value;
  const field = isObj(item) ? own(item, token.field) : undefined;
  return field !== undefined && String(field) === token.value;
}

/** Sets (value defined and not null) or deletes (otherwise) the node at a path, in place. */
export function applyPatch(
  root: object,
  tokens: OverlayToken[],
  value: unknown,
  describe: (why: string) => MeshError,
): void {
  const remove = value === undefined || value === null;
  let node: unknown = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const last = i === tokens.length - 1;
    const seen = tokens
      .slice(0, i + 1)
      .map(describeToken)
      .join('.');
    if (token.kind === 'key') {
      if (!isObj(node)) throw describe(`${seen}: the parent is not a map`);
      if (last) {
        if (remove) {
          if (!Object.hasOwn(node, token.key)) throw describe(`${seen} does not exist`);
          delete node[token.key];
        } else node[token.key] = structuredClone(value);
        return;
      }
      const current = own(node, token.key);
      if (current === undefined || current === null) {
        if (remove) throw describe(`${seen} does not exist`);
        node[token.key] = tokens[i + 1]!.kind === 'key' ? {} : [];
      }
      node = own(node, token.key);
      continue;
    }
    if (!Array.isArray(node)) throw describe(`${seen}: the parent is not a list`);
    const list: unknown[] = node;
    const at = token.kind === 'index' ? token.index : list.findIndex((item) => matches(item, token));
    const appending = token.kind === 'index' && at === list.length && last && !remove;
    if (!appending && (at < 0 || at >= list.length)) throw describe(`${seen} matches no list element`);
    if (last) {
      if (remove) list.splice(at, 1);
      else list[at] = structuredClone(value);
      return;
    }
    node = list[at];
  }
}

export interface Overlay {
  kind?: unknown;
  name?: unknown;
  apiVersion?: unknown;
  patches?: unknown;
}

/**
 * Applies a component's overlays to its objects, in place. `where` names the spec field for
 * error messages, e.g. `components.pilot.k8s.overlays`.
 */
export function applyOverlays(
  objects: K8sObject[],
  overlays: readonly unknown[] | undefined,
  where: string,
): void {
  (overlays ?? []).forEach((raw, i) => {
    const at = `${where}[${i}]`;
    const overlay = (isObj(raw) ? raw : {}) as Overlay;
    if (typeof overlay.kind !== 'string' || typeof overlay.name !== 'string') {
      throw new MeshError('bad-overlay', `${at}: an overlay needs a kind and a name`, {path: at});
    }
    const targets = objects.filter(
      (o) =>
        o.kind === overlay.kind &&
        o.metadata.name === overlay.name &&
        (overlay.apiVersion === undefined || o.apiVersion === overlay.apiVersion),
    );
    if (targets.length === 0) {
      const rendered = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      throw new MeshError(
        'overlay-target-not-found',
        `${at}: no ${overlay.kind} named "${overlay.name}" is rendered here${didYouMean(`${overlay.kind}/${overlay.name}`, rendered)}`,
        {
          path: at,
          hint: `this component renders ${rendered.join(', ')}`,
        },
      );
    }
    const patches = Array.isArray(overlay.patches) ? overlay.patches : [];
    patches.forEach((patch, j) => {
      const patchAt = `${at}.patches[${j}]`;
      if (!isObj(patch) || typeof patch.path !== 'string')
        throw new MeshError('bad-overlay', `${patchAt}: a patch needs a path`, {path: patchAt});
      const tokens = parseOverlayPath(patch.path, patchAt);
      for (const target of targets) {
        applyPatch(
          target,
          tokens,
          patch.value,
          (why) =>
            new MeshError(
              'overlay-path-not-found',
              `${patchAt}: cannot ${patch.value === undefined || patch.value === null ? 'delete' : 'set'} ${patch.path} in ${overlay.kind}/${overlay.name}: ${why}`,
              {
                path: patchAt,
              },
            ),
        );
      }
    });
  });
}
