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

/** "300s", "5m", "1m30s", "90" (seconds) → milliseconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') {
    throw new MeshError('bad-duration', `invalid duration "${text}": expected e.g. 300s, 5m or 1m30s`);
  }
  const [, h, m, s] = match;
  return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}
