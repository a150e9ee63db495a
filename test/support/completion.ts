/** What the completion tests of every shell share: the scripts as the built CLI prints them, and the word lists. */
import {join} from 'node:path';
import {execa} from 'execa';
import {ROOT} from './run-command.js';

/** `mesh completion <shell>`'s output. */
export async function completionScript(shell: string): Promise<string> {
  return (await execa(process.execPath, [join(ROOT, 'bin', 'run.js'), 'completion', shell], {cwd: ROOT}))
    .stdout;
}

/** Every top-level command word, in the order the scripts offer them. */
export const COMMANDS =
  'completion help install manifest precheck profile tag uninstall upgrade verify-install version x';

/** Istio's profiles, offered for profile dump and profile diff. */
export const PROFILES =
  'ambient default demo empty minimal openshift openshift-ambient preview remote stable';
