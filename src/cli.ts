/** The CLI's entry (bin/run.js imports its bundled form, dist/bundle/cli.js). */
import {execute as oclifExecute} from '@oclif/core/execute';
import {normalizeArgv} from './ui/argv.js';

export async function execute(options: {dir: string}): Promise<unknown> {
  return oclifExecute({...options, args: normalizeArgv(process.argv.slice(2))});
}
