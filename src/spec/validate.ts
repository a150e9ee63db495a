/**
 * Checks a spec tree against the schema. Every issue names the path, the value and what
 * was expected, with a did-you-mean for misspelt fields.
 */
import {describeSchema, SPEC_SCHEMA, type Schema} from './schema.js';
import type {ObjectSchema} from './schema-types.js';
import type {Problem} from './problems.js';
import {didYouMean} from './suggest.js';
import type {Json} from './types.js';

export interface ValidationIssue {
  path: string;
  message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateSpec(spec: Json, schema: Schema = SPEC_SCHEMA): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(spec, schema, 'spec', issues, false);
  if (isObject(spec)) checkGateways(spec, issues);
  return issues;
}

/** The problems of a spec, each line naming where it came from (`-f x.yaml`, `the merged spec`). */
export function specProblems(spec: Json, origin: string): Problem[] {
  return validateSpec(spec).map((issue) => ({
    code: 'invalid-spec',
    message: `${origin}: ${issue.path}: ${issue.message}`,
    path: issue.path,
    hint: '`mesh profile dump` shows a valid spec',
  }));
}

/**
 * Issues of one value written by a --set. Partial: `required` and `exactlyOne` are left to
 * the merged spec, since one --set writes one field of an object at a time.
 */
export function valueIssues(value: Json, schema: Schema, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(value, schema, path, issues, true);
  return issues;
}

function walk(
  value: Json,
  schema: Schema,
  path: string,
  issues: ValidationIssue[],
  partial: boolean,
  inList = false,
): void {
  // null means "unset" for a field of an overlay; a list element cannot be unset.
  if (value === null) {
    if (inList && schema.type !== 'any')
      issues.push({path, message: `expected ${describeSchema(schema)}, got null`});
    return;
  }
  const add = (message: string) => void issues.push({path, message});
  const wrong = () => add(`expected ${describeSchema(schema)}, got ${show(value)}`);
  switch (schema.type) {
    case 'any':
      return;
    case 'string': {
      if (typeof value !== 'string') return wrong();
      if (schema.enum && !schema.enum.includes(value))
        return add(`expected ${describeSchema(schema)}, got ${show(value)}${didYouMean(value, schema.enum)}`);
      const problem = schema.check?.(value);
      if (problem) add(problem);
      return;
    }
    case 'integer':
    case 'number':
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (schema.type === 'integer' && !Number.isInteger(value))
      )
        return wrong();
      if (schema.type === 'integer' && !Number.isSafeInteger(value)) return add(unsafeInteger(String(value)));
      if (
        (schema.minimum !== undefined && value < schema.minimum) ||
        (schema.maximum !== undefined && value > schema.maximum)
      ) {
        add(`${value} is out of range [${schema.minimum ?? '-∞'}, ${schema.maximum ?? '∞'}]`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong();
      return;
    case 'intOrString':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isSafeInteger(value))) wrong();
      return;
    case 'list':
      if (!Array.isArray(value)) return wrong();
      value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, issues, partial, true));
      return;
    case 'map':
      if (!isObject(value)) return wrong();
      for (const [key, item] of Object.entries(value)) {
        const problem = schema.keyCheck?.(key);
        if (problem) issues.push({path: `${path}.${escapeKey(key)}`, message: problem});
        else walk(item, schema.values, `${path}.${escapeKey(key)}`, issues, partial);
      }
      return;
    case 'object':
      if (!isObject(value)) return wrong();
      for (const [key, item] of Object.entries(value)) {
        const field = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
        if (field) walk(item, field, `${path}.${escapeKey(key)}`, issues, partial);
        else if (!schema.open) {
          issues.push({
            path: `${path}.${escapeKey(key)}`,
            message: `unknown field "${key}"${didYouMean(key, Object.keys(schema.properties))}`,
          });
        }
      }
      if (!partial) checkPresence(value, schema, add);
  }
}

/** The message for an integer JavaScript (and so mesh) cannot hold exactly. */
export function unsafeInteger(text: string): string {
  return `expected an integer between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${text}`;
}

function checkPresence(
  value: {[key: string]: Json},
  schema: ObjectSchema,
  add: (message: string) => void,
): void {
  const present = (field: string) => value[field] !== undefined && value[field] !== null;
  for (const field of schema.required ?? []) if (!present(field)) add(`missing required field "${field}"`);
  if (!schema.exactlyOne) return;
  const chosen = schema.exactlyOne.filter(present);
  if (chosen.length !== 1) {
    const found = chosen.length === 0 ? 'none' : chosen.join(' and ');
    add(`expected exactly one of ${schema.exactlyOne.join(', ')}; found ${found}`);
  }
}

function checkGateways(spec: {[key: string]: Json}, issues: ValidationIssue[]): void {
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
        issues.push({
          path: `spec.components.${kind}[${i}].name`,
          message: `invalid gateway name "${name}": must be a DNS-1123 label`,
        });
      } else if (seen.has(`${gateway.namespace ?? ''}/${name}`)) {
        issues.push({
          path: `spec.components.${kind}[${i}].name`,
          message: `gateway "${name}" is listed twice in the same namespace`,
        });
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
