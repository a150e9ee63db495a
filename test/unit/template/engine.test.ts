import {describe, expect, it} from 'vitest';
import {TemplateFuncError, type FuncMap} from '../../../src/template/functions/types.js';
import {compile, execute} from '../../../src/template/template.js';
import {fromJson, type GoValue} from '../../../src/template/value.js';

// A tiny function map of our own, so these tests exercise only the engine.
const funcs: FuncMap = new Map([
  ['quote', (a: GoValue[]) => a.map((x) => `"${x === null ? '' : String(x)}"`).join(' ')],
  ['upper', (a: GoValue[]) => String(a[0]).toUpperCase()],
  [
    'boom',
    () => {
      throw new TemplateFuncError('it broke');
    },
  ],
]);

function run(text: string, data: unknown = {}, extra: [string, string][] = []): string {
  const set = compile([...extra, ['t', text]], funcs);
  return execute(set, 't', fromJson(data)).replaceAll('<no value>', '');
}

describe('text and actions', () => {
  it('trims whitespace around {{- and -}}', () => {
    expect(run('a  \n {{- "b" -}} \n  c')).toBe('abc');
    expect(run('a {{ "b" }} c')).toBe('a b c');
    expect(run('a\n{{- /* comment */ -}}\nb')).toBe('ab');
    expect(run('x{{/* c */}}y')).toBe('xy');
  });
  it('keeps a minus without a space as a number', () => {
    expect(run('{{-3}}')).toBe('-3');
  });
  it('prints numbers as Go does: ints, float64 %v', () => {
    expect(
      run('{{ .big }} {{ .small }} {{ .frac }} {{ .huge }} {{ 3 }} {{ 1.5 }}', {
        big: 1000000,
        small: 1,
        frac: 1.5,
        huge: 12345678901234,
      }),
    ).toBe('1e+06 1 1.5 1.2345678901234e+13 3 1.5');
    expect(run('{{ .x }}', {x: 0.0001})).toBe('0.0001');
    expect(run('{{ .x }}', {x: 0.00001})).toBe('1e-05');
    expect(run('{{ .x }}', {x: 123456})).toBe('123456');
  });
  it('prints maps with sorted keys and lists with spaces', () => {
    expect(run('{{ .m }} {{ .l }}', {m: {b: 1, a: 'x'}, l: [1, 'a', true]})).toBe('map[a:x b:1] [1 a true]');
  });
  it('prints a missing key as nothing (Helm strips <no value>)', () => {
    expect(run('[{{ .nope }}]')).toBe('[]');
  });
});

describe('fields, variables and scopes', () => {
  it('reads field chains on maps, nil keys are errors past the first', () => {
    expect(run('{{ .a.b.c }}', {a: {b: {c: 'deep'}}})).toBe('deep');
    expect(() => run('{{ .a.b.c }}', {a: {}})).toThrow(
      'template: t:1:5: executing "t" at <.a.b.c>: nil pointer evaluating interface {}.c',
    );
  });
  it('a field of an invalid (nil pipeline) value is nothing', () => {
    expect(run('{{ $x := .nope }}[{{ $x.y }}]')).toBe('[]');
    expect(run('[{{ (.nope).y }}]')).toBe('[]');
  });
  it('declares and assigns variables in nested scopes', () => {
    expect(run('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}')).toBe('2');
    expect(() => compile([['t', '{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}']], funcs)).toThrow(
      'undefined variable "$y"',
    );
  });
  it('$ is the data passed to the template', () => {
    expect(run('{{ range .l }}{{ $.n }}{{ . }}{{ end }}', {n: 'x', l: [1, 2]})).toBe('x1x2');
  });
});

describe('control structures', () => {
  it('if / else if / else with Go truthiness', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    expect(run(t, {a: 'x'})).toBe('A');
    expect(run(t, {a: '', b: [1]})).toBe('B');
    expect(run(t, {a: 0, b: {}})).toBe('C');
  });
  it('with sets dot and has else', () => {
    expect(run('{{ with .a }}{{ .b }}{{ else }}none{{ end }}', {a: {b: 'B'}})).toBe('B');
    expect(run('{{ with .a }}{{ .b }}{{ else with .c }}{{ . }}{{ else }}none{{ end }}', {c: 'C'})).toBe('C');
  });
  it('ranges over maps in sorted key order, lists with index, else, break and continue', () => {
    expect(run('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', {m: {z: 1, a: 2, m: 3}})).toBe(
      'a=2;m=3;z=1;',
    );
    expect(run('{{ range $i, $v := .l }}{{ $i }}{{ $v }}{{ end }}', {l: ['a', 'b']})).toBe('0a1b');
    expect(run('{{ range .l }}x{{ else }}empty{{ end }}', {l: []})).toBe('empty');
    expect(
      run(
        '{{ range .l }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ if eq . 4.0 }}{{ break }}{{ end }}{{ . }}{{ end }}',
        {l: [1, 2, 3, 4, 5]},
      ),
    ).toBe('13');
    expect(run('{{ range 3 }}{{ . }}{{ end }}')).toBe('012');
  });
  it('define, template and block', () => {
    expect(run('{{ define "x" }}<{{ . }}>{{ end }}{{ template "x" "a" }}')).toBe('<a>');
    expect(run('{{ block "y" . }}default{{ end }}')).toBe('default');
    expect(() => run('{{ template "nope" }}')).toThrow('template "nope" not defined');
  });
  it('a later non-empty define replaces an earlier one; an empty one does not', () => {
    expect(
      run('{{ template "d" }}', {}, [
        ['a', '{{ define "d" }}one{{ end }}'],
        ['b', '{{ define "d" }}two{{ end }}'],
      ]),
    ).toBe('two');
    expect(
      run('{{ template "d" }}', {}, [
        ['a', '{{ define "d" }}one{{ end }}'],
        ['b', '{{ define "d" }} {{ end }}'],
      ]),
    ).toBe('one');
  });
});

describe('functions', () => {
  it('pipelines pass the previous value as the last argument', () => {
    expect(run('{{ "a" | upper | quote }}')).toBe('"A"');
    expect(run('{{ quote (upper "b") "c" }}')).toBe('"B" "c"');
  });
  it('and/or short-circuit and return an operand', () => {
    expect(run('{{ or .a "dflt" }} {{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" }}')).toBe('dflt 0 2 ');
    expect(run('{{ if and .m .m.x }}y{{ else }}n{{ end }}')).toBe('n');
  });
  it('compares with Go type rules', () => {
    expect(
      run(
        '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne .x 1.5 }} {{ lt 1 2 }} {{ ge "b" "a" }} {{ eq .nope nil }}',
        {x: 1.5},
      ),
    ).toBe('true true false true true true');
    expect(() => run('{{ eq .x 1 }}', {x: 1})).toThrow('error calling eq: incompatible types for comparison');
  });
  it('len, index, slice, not', () => {
    expect(
      run('{{ len "héllo" }} {{ len .l }} {{ index .m "a" }} {{ index .l 1 }} {{ slice .l 1 }} {{ not 0 }}', {
        l: ['x', 'y', 'z'],
        m: {a: 'A'},
      }),
    ).toBe('6 3 A y [y z] true');
    expect(() => run('{{ index .l 5 }}', {l: []})).toThrow('error calling index: index out of range: 5');
  });
  it('print, printf and println follow fmt', () => {
    expect(run('{{ print 1 2 "a" "b" 3 }}')).toBe('1 2ab3');
    expect(run('{{ printf "%s-%d-%v-%q-%t-%05.2f-%x" "s" 7 .f "q" true 3.14159 255 }}', {f: 1e6})).toBe(
      's-7-1e+06-"q"-true-03.14-ff',
    );
    expect(run('{{ printf "%s" .nope }} {{ printf "%d" "x" }}')).toBe('%!s(<nil>) %!d(string=x)');
    expect(run('{{ println "a" 1 }}')).toBe('a 1\n');
  });
  it('reports function errors with file, line, column and action', () => {
    expect(() => run('line1\n  {{ boom 1 }}')).toThrow(
      'template: t:2:5: executing "t" at <boom 1>: error calling boom: it broke',
    );
  });
  it('rejects unknown functions at parse time', () => {
    expect(() => compile([['t', '{{ nope 1 }}']], funcs)).toThrow(
      'template: t:1: function "nope" not defined',
    );
  });
  it('include renders a define into a string; required and fail stop', () => {
    expect(run('{{ define "x" }}[{{ . }}]{{ end }}{{ include "x" "v" | upper }}')).toBe('[V]');
    expect(() => run('{{ required "need it" .a }}')).toThrow(
      'error calling required: HELM_ERR_STARTneed itHELM_ERR_END',
    );
    expect(() => run('{{ fail "stop" }}')).toThrow('error calling fail: HELM_ERR_STARTstopHELM_ERR_END');
    expect(run('{{ len (lookup "v1" "Pod" "ns" "x") }}')).toBe('0');
  });
  it('tpl renders a string with the given values', () => {
    expect(
      run('{{ tpl "x={{ .Values.a }}" . }}', {Values: {a: 'A'}, Template: {Name: 't', BasePath: ''}}),
    ).toBe('x=A');
  });
});
