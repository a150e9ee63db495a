/**
 * Renders install/uninstall progress events: a live ora spinner on a terminal, plain lines
 * in CI logs, or the events themselves with -o json (one per line) or -o yaml (documents).
 */
import type {Ora} from 'ora';
import type {InstallEvent} from '../install/run.js';
import {eventText, type EventFormat} from './output.js';

export type ProgressMode = 'tty' | 'plain' | EventFormat;

export function progressMode(
  output: string | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressMode {
  if (output === 'json' || output === 'yaml') return output;
  // A terminal that reports no width (a pty nobody sized) cannot be redrawn in place: ora would
  // count its spinner line as infinitely many rows and never finish clearing them.
  const sized = (stream.columns ?? 0) > 0;
  return stream.isTTY && sized && !process.env.CI ? 'tty' : 'plain';
}

export interface ProgressPrinter {
  emit(event: InstallEvent): void;
  stop(): void;
}

export async function progressPrinter(
  mode: ProgressMode,
  log: (line: string) => void,
  options: {dryRun?: boolean} = {},
): Promise<ProgressPrinter> {
  // A dry run installs nothing: say what it did check.
  const done = options.dryRun ? 'checked (dry run)' : 'installed';
  const skipped = new Map<string, number>();
  if (mode === 'json' || mode === 'yaml') return {emit: (event) => log(eventText(event, mode)), stop() {}};
  // NO_COLOR (no-color.org): the spinner's frame is drawn without colour; chalk does not read it.
  const noColor = (process.env.NO_COLOR ?? '') !== '';
  const spinner: Ora | undefined =
    mode === 'tty'
      ? (await import('ora')).default({
          stream: process.stderr,
          // progressMode decided it is a terminal (ora would also turn itself off for an empty CI=).
          isEnabled: true,
          // Ctrl-C must reach install's own SIGINT handler (the summary of applied objects). ora's
          // raw-mode stdin and hidden cursor route it through signal-exit instead, which kills the
          // process before anything is printed.
          discardStdin: false,
          hideCursor: false,
          ...(noColor ? {color: false} : {}),
        })
      : undefined;
  const active = new Map<string, string>();
  const waitingFor = new Map<string, string[]>();
  const say = (line: string) => {
    spinner?.clear();
    log(line);
    if (spinner?.isSpinning) spinner.render();
  };
  const refresh = () => {
    if (!spinner) return;
    if (active.size === 0) return void spinner.stop();
    const names = [...active.values()].join(', ');
    const pending = [...waitingFor.values()].flat();
    const text = `Processing resources for ${names}.${pending.length ? ` Waiting for ${summarize(pending)}` : ''}`;
    spinner.text = fitWidth(text, spinnerTextWidth(process.stderr.columns || 80));
    if (!spinner.isSpinning) spinner.start();
  };
  return {
    emit(event) {
      switch (event.type) {
        case 'component-started':
          active.set(event.component, event.displayName);
          if (!spinner) say(`- Processing resources for ${event.displayName}.`);
          break;
        case 'waiting': {
          // Plain logs get one line per component when waiting starts, not one per object that becomes ready.
          const first = !waitingFor.has(event.component);
          waitingFor.set(event.component, event.pending);
          if (!spinner && first && event.pending.length) say(`  Waiting for ${summarize(event.pending)}`);
          break;
        }
        case 'component-ready':
          active.delete(event.component);
          waitingFor.delete(event.component);
          say(
            `✔ ${event.displayName} ${done}${skipped.get(event.component) ? `; ${skipped.get(event.component)} objects not checked: their namespace does not exist yet` : ''}`,
          );
          break;
        case 'component-failed':
          active.delete(event.component);
          waitingFor.delete(event.component);
          say(`✘ ${event.displayName} encountered an error: ${event.error}`);
          for (const line of event.notReady) say(line);
          break;
        case 'component-skipped':
          say(`✘ ${event.displayName} skipped: ${event.reason}`);
          break;
        case 'object-skipped':
          skipped.set(event.component, (skipped.get(event.component) ?? 0) + 1);
          if (!spinner) say(`  Skipped ${event.object}: ${event.reason}`);
          break;
        case 'pruning':
          say('- Pruning removed resources');
          break;
        case 'pruned':
          say(`  ${event.dryRun ? 'Would remove' : 'Removed'} ${event.object}.`);
          break;
        case 'rolled-back':
          say(`  Rolled back ${event.object}.`);
          break;
        case 'restored':
          say(`  Restored ${event.count} objects to the previous installed state.`);
          break;
        case 'notice':
          say(`  ${event.message}`);
          break;
        case 'complete':
          say(event.dryRun ? '✔ Dry run complete: nothing was written' : '✔ Installation complete');
          break;
        default:
          break;
      }
      refresh();
    },
    stop() {
      spinner?.stop();
    },
  };
}

/** At most three objects by name, then how many more. */
export function summarize(pending: readonly string[]): string {
  return `${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ` and ${pending.length - 3} more` : ''}`;
}

/**
 * The widest spinner text that ora still counts as one line. ora 8 counts a line as
 * `indent + prefixText + '--' + text + '--' + suffixText` (#updateLineCount; we set no indent,
 * prefix or suffix), and a line it counts as wrapped is cleared by moving the cursor up, which
 * erases the line above on every frame. What it writes, frame + ' ' + text, is then 2 narrower.
 */
export function spinnerTextWidth(columns: number): number {
  return columns - 4;
}

/** `text` cut to `width` characters, the cut marked with an ellipsis. */
export function fitWidth(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, Math.max(width, 0)) : `${text.slice(0, width - 1)}…`;
}
