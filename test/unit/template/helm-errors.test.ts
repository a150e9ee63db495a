import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {renderChart} from '../../../src/template/chart.js';

// Each expected message is what Helm v4's engine (the oracle's template op) answered for the
// same template text as t/templates/t.yaml.
function renderOne(template: string, values: unknown = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-chart-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: t\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 't.yaml'), template);
  try {
    return renderChart(dir, values, {namespace: 'istio-system'}).get('t/templates/t.yaml') ?? '';
  } catch (e) {
    return `ERROR ${(e as Error).message}`;
  }
}

describe('errors worded as Helm words them', () => {
  it('fail and required: execution error at the action', () => {
    expect(renderOne('a\n{{ fail "boom" }}')).toBe('ERROR execution error at (t/templates/t.yaml:2:3): boom');
    expect(renderOne('a\n  {{ required "need x" .Values.x }}')).toBe(
      'ERROR execution error at (t/templates/t.yaml:2:5): need x',
    );
    expect(renderOne('{{ define "x" }}{{ fail "inner" }}{{ end }}\n{{ include "x" . }}')).toBe(
      'ERROR execution error at (t/templates/t.yaml:2:3): inner',
    );
  });
  it('nil pointers and missing templates: a trace', () => {
    expect(renderOne('{{ .Values.a.b.c }}')).toBe(
      'ERROR t/templates/t.yaml:1:10\n  executing "t/templates/t.yaml" at <.Values.a.b.c>:\n    nil pointer evaluating interface {}.b',
    );
    expect(renderOne('{{ template "nope" }}')).toBe(
      'ERROR t/templates/t.yaml:1:12\n  executing "t/templates/t.yaml" at <{{template "nope"}}>:\n    template "nope" not defined',
    );
  });
  it("a function's own error: Go's text", () => {
    expect(renderOne('{{ eq .Values.a 1 }}', {a: 1})).toBe(
      'ERROR template: t/templates/t.yaml:1:3: executing "t/templates/t.yaml" at <eq .Values.a 1>: error calling eq: incompatible types for comparison: float64 and int',
    );
  });
  it('parse errors', () => {
    expect(renderOne('{{ nope 1 }}')).toBe(
      'ERROR parse error at (t/templates/t.yaml:1): function "nope" not defined',
    );
    expect(renderOne('{{ if }}')).toBe('ERROR parse error at (t/templates/t.yaml:1): missing value for if');
  });
  it('renders values, release and capabilities as Helm does', () => {
    expect(
      renderOne(
        '{{ .Capabilities.KubeVersion.GitVersion }}|{{ .Chart.IsRoot }}|{{ .Release.Revision }}|{{ .Template.BasePath }}|{{ .Values.big }}',
        {
          big: 1000000,
        },
      ),
    ).toBe('v1.32.0|true|0|t/templates|1e+06');
  });
});
