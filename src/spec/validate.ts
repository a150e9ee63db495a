/**
 * Checks a spec tree against the schema. Every issue names the path, the value and what
 * was expected, with a did-you-mean for misspelt fields.
 */
import {MeshError} from '../errors.js';
import {describeSchema, SPEC_SCHEMA, type Schema} from './schema.js';
import {didYouMean} from './suggest.js';
import type {Json} from './types.js';

export interface ValidationIssue {
  path: string;
  message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateSpec(spec: Json, schema: Schema = SPEC_SCHEMA): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(spec, schema, 'spec', issues);
  if (isObject(spec)) checkSemantics(spec, issues);
  return issues;
}

/** Throws one MeshError listing every issue, naming where the spec came from. */
export function assertValidSpec(spec: Json, origin: string): void {
  const issues = validateSpec(spec);
  if (issues.length === 0) return;
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  throw new MeshError('invalid-spec', `invalid IstioOperator spec in ${origin}:\n${lines.join('\n')}`, {
    path: issues[0]!.path,
    hint: 'fix the fields above; `mesh profile dump` shows a valid spec',
  });
}

function walk(value: Json, schema: Schema, path: string, issues: ValidationIssue[]): void {
  if (value === null) return; // null means "unset" in YAML overlays
  const wrong = () => issues.push({path, message: `expected ${describeSchema(schema)}, got ${show(value)}`});
  switch (schema.type) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') return void wrong();
      if (schema.enum && !schema.enum.includes(value)) {
        issues.push({path, message: `expected ${describeSchema(schema)}, got ${show(value)}${didYouMean(value, schema.enum)}`});
      }
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) return void wrong();
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
        issues.push({path, message: `${value} is out of range [${schema.minimum ?? '-∞'}, ${schema.maximum ?? '∞'}]`});
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong();
      return;
    case 'intOrString':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) wrong();
      return;
    case 'list':
      if (!Array.isArray(value)) return void wrong();
      value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, issues));
      return;
    case 'map':
      if (!isObject(value)) return void wrong();
      for (const [key, item] of Object.entries(value)) walk(item, schema.values, `${path}.${escapeKey(key)}`, issues);
      return;
    case 'object':
      if (!isObject(value)) return void wrong();
      for (const [key, item] of Object.entries(value)) {
        const field = schema.properties[key];
        if (field) walk(item, field, `${path}.${escapeKey(key)}`, issues);
        else if (!schema.open) {
          issues.push({path: `${path}.${escapeKey(key)}`, message: `unknown field "${key}"${didYouMean(key, Object.keys(schema.properties))}`});
        }
      }
  }
}

function checkSemantics(spec: {[key: string]: Json}, issues: ValidationIssue[]): void {
  const revision = spec.revision;
  if (typeof revision === 'string' && revision !== '' && !DNS1123_LABEL.test(revision)) {
    issues.push({path: 'spec.revision', message: `invalid revision "${revision}": must be a DNS-1123 label (lowercase letters, digits, '-')`});
  }
  const components = isObject(spec.components) ? spec.components : {};
  for (const kind of ['ingressGateways', 'egressGateways'] as const) {
    const gateways = components[kind];
    if (!Array.isArray(gateways)) continue;
    const seen = new Set<string>();
    gateways.forEach((gateway, i) => {
      if (!isObject(gateway)) return;
      const name = gateway.name;
      if (typeof name !== 'string' || name === '') {
        issues.push({path: `spec.components.${kind}[${i}].name`, message: 'every gateway needs a name'});
      } else if (!DNS1123_LABEL.test(name)) {
        issues.push({path: `spec.components.${kind}[${i}].name`, message: `invalid gateway name "${name}": must be a DNS-1123 label`});
      } else if (seen.has(`${gateway.namespace ?? ''}/${name}`)) {
        issues.push({path: `spec.components.${kind}[${i}].name`, message: `gateway "${name}" is listed twice in the same namespace`});
      } else {
        seen.add(`${gateway.namespace ?? ''}/${name}`);
      }
    });
  }
}

function isObject(value: Json | undefined): value is {[key: string]: Json} {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeKey(key: string): string {
  return key.replaceAll('.', '\\.');
}

function show(value: Json): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return JSON.stringify(value);
}
