import {argCount, argString} from './convert.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/**
 * sprig's semverCompare/semver on Masterminds semver v3 rules: versions may omit minor and patch
 * ("1.31"), constraints are ANDed by spaces or commas and ORed by "||", x/*-wildcards make a
 * constraint "dirty", and a prerelease version only matches a group naming a prerelease.
 */
interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

const NUM = '(0|[1-9]\\d*)';
const PRE_ID = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const VERSION_RE = new RegExp(
  `^v?${NUM}(?:\\.${NUM})?(?:\\.${NUM})?(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);

function parseVersion(s: string): Version {
  const m = VERSION_RE.exec(s);
  if (!m || s.length > 256) throw new TemplateFuncError('invalid semantic version');
  return {major: BigInt(m[1]!), minor: BigInt(m[2] ?? '0'), patch: BigInt(m[3] ?? '0'), pre: m[4] ?? ''};
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = /^\d+$/.test(s);
  const on = /^\d+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return cmp(BigInt(s), BigInt(o)) || -1;
}

function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function compare(v: Version, o: Version): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

interface Constraint {
  op: string;
  con: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const CV =
  'v?([0-9|x|X|*]+)(\\.[0-9|x|X|*]+)?(\\.[0-9|x|X|*]+)?(-([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?(\\+([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT_RE = new RegExp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const RANGE_RE = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');
const FIND_RE = new RegExp(`(${OPS})\\s*(${CV})`, 'g');
const VALID_RE = new RegExp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`);
const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new TemplateFuncError(`improper constraint: ${JSON.stringify(c)}`);
  const [major, minor = '', patch = '', pre = ''] = [m[3]!, m[4], m[5], m[6]];
  let ver = m[2]!;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (minor === '' || isX(minor.slice(1))) {
    ver = `${major}.0.0${pre}`;
    dirty = minorDirty = true;
  } else if (patch === '' || isX(patch.slice(1))) {
    ver = `${major}${minor}.0${pre}`;
    dirty = patchDirty = true;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new TemplateFuncError('constraint parser error');
  }
  return {op: m[1]!, con, dirty, minorDirty, patchDirty};
}

function check(v: Version, c: Constraint, includePre: boolean): boolean {
  const {con} = c;
  if (v.pre !== '' && !includePre) return false;
  const c0 = compare(v, con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : c0 === 0;
    case '!=':
      if (c.dirty) {
        if (v.major !== con.major) return true;
        if (v.minor !== con.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (v.patch !== con.patch && !c.patchDirty) return true;
        if (c.patchDirty) return (v.pre !== '' || con.pre !== '') && comparePrerelease(v.pre, con.pre) !== 0;
      }
      return c0 !== 0;
    case '>':
      if (!c.dirty && c0 === 1) return true;
      if (v.major > con.major) return true;
      if (v.major < con.major || c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return c0 === 1;
    case '<':
      return c0 < 0;
    case '>=':
    case '=>':
      return c0 >= 0;
    case '<=':
    case '=<':
      if (!c.dirty && c0 <= 0) return true;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    default: // '^'
      if (c0 < 0) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      if (v.minor > 0n) return false;
      return v.patch === con.patch;
  }
}

function tilde(v: Version, c: Constraint): boolean {
  const {con} = c;
  if (compare(v, con) < 0) return false;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  return !(v.minor !== con.minor && !c.minorDirty);
}

/** Masterminds' NewConstraint followed by Check. */
function satisfies(constraint: string, v: Version): boolean {
  if (constraint.length > 256) throw new TemplateFuncError('constraint is too long');
  const rewritten = constraint.replace(
    RANGE_RE,
    (_m, lo: string, ...rest: string[]) => `>= ${lo}, <= ${rest[9]} `,
  );
  const groups = rewritten.split('||').map((g) => {
    if (!VALID_RE.test(g)) throw new TemplateFuncError(`improper constraint: ${JSON.stringify(g)}`);
    const parts = g.match(FIND_RE) ?? [g];
    const cs = parts.map(parseConstraint);
    return {cs, pre: cs.some((c) => c.con.pre !== '')};
  });
  return groups.some(({cs, pre}) => cs.every((c) => check(v, c, pre)));
}

export const semverFunctions: Record<string, TemplateFunc> = {
  semverCompare: (args) => {
    argCount('semverCompare', args, 2);
    const constraint = argString(args, 0);
    return satisfies(constraint, parseVersion(argString(args, 1)));
  },
};
