import {TemplateExecError} from './exec.js';
import {TemplateSyntaxError} from './lex.js';

/**
 * Errors worded as Helm v4's engine words them (pkg/engine: cleanupParseError and
 * reformatExecErrorMsg): "parse error at (file:line): msg"; "execution error at (file:line:col):
 * msg" for required and fail; otherwise a trace of "file:line:col / executing … at <…>: / msg"
 * per template the error passed through, or Go's own text when a link is not a template error.
 */
export class ChartRenderError extends Error {}

interface Trace {
  location: string;
  message: string;
  executed: string;
}

const HELM_MESSAGE = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

function cutTemplateSuffix(msg: string): string {
  const cut = msg.indexOf(' template:');
  return cut < 0 ? msg : msg.slice(0, cut);
}

/** Helm's parseTemplateExecErrorString. */
function parseTrace(s: string): Trace | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return {location: '', message: s, executed: ''};
  const exec = rest.indexOf(': executing ');
  if (exec >= 0) {
    const after = rest.slice(exec + ': executing '.length);
    const end = after.startsWith('"') ? after.indexOf('"', 1) : -1;
    if (end > 0 && after.startsWith(' at <', end + 1)) {
      const at = after.slice(end + 1 + ' at <'.length);
      const close = at.indexOf('>: ');
      if (close >= 0) {
        return {
          location: rest.slice(0, exec),
          message: cutTemplateSuffix(at.slice(close + 3)),
          executed: `executing "${after.slice(1, end)}" at <${at.slice(0, close)}>:`,
        };
      }
    }
    return undefined;
  }
  const sep = rest.lastIndexOf(': ');
  if (sep < 0) return undefined;
  return {location: rest.slice(0, sep), message: cutTemplateSuffix(rest.slice(sep + 2)), executed: ''};
}

const show = (t: Trace): string =>
  (t.location ? `${t.location}\n  ` : '') +
  (t.executed ? `${t.executed}\n    ` : '') +
  (t.message ? `${t.message}\n` : '');

export function helmError(file: string, e: unknown): Error {
  if (e instanceof TemplateSyntaxError) {
    const tokens = e.message.split(': ');
    if (tokens.length === 1) return new ChartRenderError(`parse error in (${file}): ${e.message}`);
    return new ChartRenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
  }
  if (!(e instanceof TemplateExecError)) return e instanceof Error ? e : new Error(String(e));
  const [, , location, rest] = /^([^]*?): ([^]*?): ([^]*)$/.exec(e.message) ?? [];
  if (location === undefined || rest === undefined)
    return new ChartRenderError(`execution error in (${file}): ${e.message}`);
  const lifted = HELM_MESSAGE.exec(rest);
  if (lifted) return new ChartRenderError(`execution error at (${location}): ${lifted[1]}`);
  const traces: Trace[] = [];
  for (
    let link: Error | undefined = e;
    link;
    link = link instanceof TemplateExecError ? link.wrapped : undefined
  ) {
    const t = parseTrace(link.message);
    if (!t) return new ChartRenderError(e.message);
    const last = traces[traces.length - 1];
    if (!last || last.location !== t.location || last.message !== t.message || last.executed !== t.executed)
      traces.push(t);
  }
  return new ChartRenderError(traces.map(show).join('').trim());
}
