import {describe, expect, it} from 'vitest';
import {mergoMerge} from '../../../../src/template/functions/dicts.js';
import {formatFloatG, goQuote} from '../../../../src/template/functions/gofmt.js';
import {functions} from '../../../../src/template/functions/index.js';
import {marshalJson} from '../../../../src/template/functions/json.js';
import {keyLess, marshalYaml} from '../../../../src/template/functions/yaml-emit.js';
import {fromJson, type GoMap, type GoValue} from '../../../../src/template/value.js';

// Fast checks without the oracle; every expected text here was confirmed with Helm v4 (the
// parity project re-checks the same behaviours against the oracle on each run).
const call = (name: string, ...args: GoValue[]): GoValue => functions.get(name)!(args, {templateName: 't'});

describe('numbers', () => {
  it("prints float64 as Go's %v: exponent from 1e+06 and below 1e-04", () => {
    expect([1000000, 1, 1.5, 12345678901234, 0.0001, 0.00001, 123456, 1e21].map(formatFloatG)).toEqual([
      '1e+06',
      '1',
      '1.5',
      '1.2345678901234e+13',
      '0.0001',
      '1e-05',
      '123456',
      '1e+21',
    ]);
  });
  it('converts as cast does and computes in int64', () => {
    expect(call('int64', 1000000)).toBe(1000000n);
    expect(call('int', '010')).toBe(8n);
    expect(call('int', '4.0')).toBe(4n);
    expect(call('int', 'x')).toBe(0n);
    expect(call('add', 9223372036854775807n, 1n)).toBe(-9223372036854775808n);
    expect(call('add', 1.9, 2.9)).toBe(3n);
    expect(() => call('div', 1n, 0n)).toThrow('integer divide by zero');
  });
  it("quotes with Go's %q", () => {
    expect(goQuote('a"b\tc\u0001é\u00a0😀')).toBe('"a\\"b\\tc\\x01é\\u00a0😀"');
    expect(call('quote', 1000000, null, 'x')).toBe('"1e+06" "x"');
  });
});

describe('toYaml', () => {
  const yaml = (v: unknown): string => marshalYaml(fromJson(v));
  it('quotes what would read back as another type, single-quotes what plain cannot hold', () => {
    expect(
      yaml({a: 'true', b: '1', c: '', d: '~', e: 'yes', f: '*', g: 'a: b', h: '#x', i: ' x', j: '1.31.0'}),
    ).toBe(
      'a: "true"\nb: "1"\nc: ""\nd: "~"\ne: "yes"\nf: \'*\'\ng: \'a: b\'\nh: \'#x\'\ni: \' x\'\nj: 1.31.0\n',
    );
  });
  it('writes literal blocks, JSON numbers without exponent, empty collections in flow style', () => {
    expect(yaml({s: 'l1\nl2\n', t: 'l1\nl2', num: 1000000, f: 1.5, e: {}, l: [], z: null})).toBe(
      'e: {}\nf: 1.5\nl: []\nnum: 1000000\ns: |\n  l1\n  l2\nt: |-\n  l1\n  l2\nz: null\n',
    );
  });
  it('puts list items at their key’s indentation and folds long plain text at column 80', () => {
    expect(yaml({a: {l: ['x', {k: 'v', w: 1}]}})).toBe('a:\n  l:\n  - x\n  - k: v\n    w: 1\n');
    // The break comes at the first space past column 80.
    const long = `${'word '.repeat(17)}end`;
    expect(yaml({k: long})).toBe(`k: ${'word '.repeat(15)}word\n  word end\n`);
  });
  it('orders keys as go-yaml v2 does: digit runs by value, non-letters before letters', () => {
    const keys = ['b', 'a10', 'a9', 'A', '_x', '10', '2', 'a'];
    expect([...keys].sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0))).toEqual([
      '_x',
      '2',
      '10',
      'A',
      'a',
      'a9',
      'a10',
      'b',
    ]);
  });
});

describe('toJson', () => {
  it('escapes HTML characters and sorts keys as encoding/json', () => {
    expect(marshalJson(fromJson({b: '<a&b>', a: [1e21, 1e-7, 1000000]}))).toBe(
      '{"a":[1e+21,1e-7,1000000],"b":"\\u003ca\\u0026b\\u003e"}',
    );
  });
});

describe('merge', () => {
  it('merges nested maps in place and shares new source maps, as mergo does', () => {
    const dst = fromJson({a: {x: 1}, keep: 'k'}) as GoMap;
    const src = fromJson({a: {y: 2}, b: {z: 3}, keep: ''}) as GoMap;
    const nested = dst.get('a');
    mergoMerge(dst, src, true);
    expect(dst.get('a')).toBe(nested);
    expect(dst.get('b')).toBe(src.get('b'));
    expect(dst.get('keep')).toBe('');
    const kept = fromJson({keep: 'k', empty: ''}) as GoMap;
    mergoMerge(kept, fromJson({keep: 'new', empty: 'filled', gone: null}) as GoMap, false);
    expect(Object.fromEntries(kept)).toEqual({keep: 'k', empty: 'filled'});
  });
  it('default and empty follow Go kinds', () => {
    expect(call('default', 'd', 0)).toBe('d');
    expect(call('default', 'd', false)).toBe('d');
    expect(call('default', 'd', new Map())).toBe('d');
    expect(call('default', 'd', 'x')).toBe('x');
    expect(call('empty', 0.0)).toBe(true);
    expect(call('empty', ' ')).toBe(false);
  });
});

describe('fromYaml', () => {
  it('gives each call its own maps, even for the large texts it caches', () => {
    const text = `a:\n  b: 1\n${'# padding\n'.repeat(300)}`;
    const first = call('fromYaml', text) as GoMap;
    (first.get('a') as GoMap).set('b', 'changed');
    const second = call('fromYaml', text) as GoMap;
    expect((second.get('a') as GoMap).get('b')).toBe(1);
  });
});
