/** The y/N prompt. Without a terminal it refuses at once instead of waiting for input that never comes. */
import {createInterface} from 'node:readline';
import {MeshError} from '../errors.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream & {isTTY?: boolean};
  output: NodeJS.WritableStream;
}

export async function confirm(
  question: string,
  streams: PromptStreams = {input: process.stdin, output: process.stdout},
): Promise<boolean> {
  if (!streams.input.isTTY) {
    throw new MeshError('no-terminal', `${question} — cannot ask: standard input is not a terminal`, {
      hint: 'pass -y (--skip-confirmation) to proceed without asking, or --dry-run to only check',
    });
  }
  return ask(question, streams);
}

/** Asks until it gets y/yes/n/no (any case); end of input counts as no. */
export function ask(question: string, streams: PromptStreams): Promise<boolean> {
  const rl = createInterface({input: streams.input, output: streams.output, terminal: false});
  return new Promise((resolve) => {
    let answered = false;
    const prompt = () => streams.output.write(`${question} `);
    rl.on('line', (line) => {
      const answer = line.trim().toLowerCase();
      if (['y', 'yes', 'n', 'no'].includes(answer)) {
        answered = true;
        rl.close();
        resolve(answer.startsWith('y'));
      } else prompt();
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
    prompt();
  });
}
