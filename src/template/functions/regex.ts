import {argCount, argInt, argString} from './convert.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/**
 * sprig's regex functions on Go's RE2 syntax. The patterns charts use are common to RE2 and
 * JavaScript; RE2-only syntax ((?i) flags, \z, named groups as (?P<n>)) is translated.
 */
function compile(pattern: string, global = false): RegExp {
  let flags = global ? 'gu' : 'u';
  let src = pattern.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])');
  // RE2 flag groups such as (?i) may stand anywhere; JavaScript has only whole-pattern flags.
  src = src.replace(/\(\?([imsU]+)\)/g, (_m, fs: string) => {
    for (const f of fs) if (f !== 'U' && !flags.includes(f)) flags += f;
    return '';
  });
  try {
    return new RegExp(src, flags);
  } catch (err) {
    throw new TemplateFuncError(
      `error parsing regexp: ${err instanceof Error ? err.message : String(err)}: \`${pattern}\``,
    );
  }
}

/** Go's Regexp.Expand template ($1, ${1}, $name, ${name}) → JavaScript's replacement syntax. */
function goReplacement(repl: string): string {
  return repl.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (m, _all: string, braced?: string, bare?: string) => {
      if (m === '$$') return '$$';
      const name = braced ?? bare!;
      return /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
    },
  );
}

const bin =
  (name: string, fn: (re: string, s: string) => unknown): TemplateFunc =>
  (args) => {
    argCount(name, args, 2);
    return fn(argString(args, 0), argString(args, 1)) as ReturnType<TemplateFunc>;
  };

export const regexFunctions: Record<string, TemplateFunc> = {
  // regexMatch alone ignores a bad pattern (false); the others fail, as sprig's MustCompile panics.
  regexMatch: bin('regexMatch', (re, s) => {
    try {
      return compile(re).test(s);
    } catch {
      return false;
    }
  }),
  mustRegexMatch: bin('mustRegexMatch', (re, s) => compile(re).test(s)),
  regexFind: bin('regexFind', (re, s) => compile(re).exec(s)?.[0] ?? ''),
  regexFindAll: (args) => {
    argCount('regexFindAll', args, 3);
    const n = argInt(args, 2);
    const all = [...argString(args, 1).matchAll(compile(argString(args, 0), true))].map((m) => m[0]);
    return n < 0 ? all : all.slice(0, n);
  },
  regexReplaceAll: (args) => {
    argCount('regexReplaceAll', args, 3);
    return argString(args, 1).replace(compile(argString(args, 0), true), goReplacement(argString(args, 2)));
  },
  regexReplaceAllLiteral: (args) => {
    argCount('regexReplaceAllLiteral', args, 3);
    const repl = argString(args, 2);
    return argString(args, 1).replace(compile(argString(args, 0), true), () => repl);
  },
  regexSplit: (args) => {
    argCount('regexSplit', args, 3);
    const n = argInt(args, 2);
    const parts = argString(args, 1).split(compile(argString(args, 0), true));
    if (n === 0) return [];
    if (n > 0 && parts.length > n) return parts.slice(0, n);
    return parts;
  },
  regexQuoteMeta: (args) => {
    argCount('regexQuoteMeta', args, 1);
    return argString(args, 0).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
  },
};
