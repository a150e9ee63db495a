/** Built-in profiles: one IstioOperator YAML file each in profiles/. Adding a profile is adding a file. */
import {readdirSync, readFileSync} from 'node:fs';
import yaml from 'js-yaml';
import {MeshError} from '../errors.js';
import {packageUrl} from '../package-root.js';
import {didYouMean} from './suggest.js';
import type {IstioOperator} from './types.js';

export const PROFILES_DIR = packageUrl('profiles/');

export function listProfiles(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

export function loadProfile(name: string): IstioOperator {
  const known = listProfiles();
  if (!known.includes(name)) {
    throw new MeshError('unknown-profile', `unknown profile "${name}"${didYouMean(name, known)}`, {
      hint: `available profiles: ${known.join(', ')}; or pass an IstioOperator file with -f`,
    });
  }
  const document = yaml.load(readFileSync(new URL(`${name}.yaml`, PROFILES_DIR), 'utf8')) as IstioOperator;
  document.spec ??= {};
  return document;
}
