/** Runs an oclif command class in-process from the TypeScript source, capturing its output and exit code. */
import {fileURLToPath} from 'node:url';
import type {Command} from '@oclif/core';
import {captureOutput} from '@oclif/test';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  error?: Error;
}

type CommandClass = {run(argv?: string[], opts?: string): Promise<unknown>} & typeof Command;

export async function runCommand(command: CommandClass, argv: string[]): Promise<CommandResult> {
  const {stdout, stderr, error} = await captureOutput(async () => command.run(argv, ROOT), {print: false});
  const exit = (error as {oclif?: {exit?: number}} | undefined)?.oclif?.exit;
  return {stdout, stderr, error, exitCode: error ? (exit ?? 1) : 0};
}
