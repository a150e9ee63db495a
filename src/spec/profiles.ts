/**
 * Built-in profiles are Istio's own (the release's profiles/, exported by the build into
 * dist/istio): mesh lists and loads them, it never re-types them.
 */
import type {IstioOperator} from './types.js';
import {listIstioProfiles, readIstioProfile} from './merge-inputs.js';

export function listProfiles(): string[] {
  return listIstioProfiles();
}

/** One profile file as Istio ships it (not merged over default); unknown names fail with a did-you-mean. */
export function loadProfile(name: string): IstioOperator {
  const document = readIstioProfile(name) as unknown as IstioOperator;
  document.spec ??= {};
  return document;
}
