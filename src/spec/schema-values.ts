/**
 * The `values` schema: Istio's own values API (values_types.proto, generated into
 * schema-values.gen.ts), closed where Istio's is closed (an unknown key in a message is an
 * error; google.protobuf.Struct/Value fields are open), with mesh's stricter checks laid over
 * a few fields (namespace names, resource names, the trace sampling range, pull policies).
 */
import {VALUES_ENUMS, VALUES_MESSAGES, type ValuesTypeRef} from './schema-values.gen.js';
import {
  any,
  anyObject,
  bool,
  int,
  intOrString,
  list,
  object,
  oneOf,
  str,
  type Schema,
} from './schema-types.js';

export interface ValuesOverrides {
  /** Schemas that replace a message wherever it is used (e.g. Resources with resource-name checks). */
  messages: {[message: string]: Schema};
  /** Schemas that replace a field, by dotted path under values (e.g. global.istioNamespace). */
  fields: {[path: string]: Schema};
}

const SCALARS: {[type: string]: Schema} = {
  string: str,
  bool,
  'google.protobuf.BoolValue': bool,
  int32: int,
  int64: int,
  'google.protobuf.Int32Value': int,
  uint32: {type: 'integer', minimum: 0},
  double: {type: 'number'},
  float: {type: 'number'},
  'google.protobuf.Struct': anyObject,
  'google.protobuf.Value': any,
  'google.protobuf.Any': any,
  'google.protobuf.Duration': str,
  'google.protobuf.StringValue': str,
  IntOrString: intOrString,
};

export function valuesSchema(overrides: ValuesOverrides): Schema {
  const build = (ref: ValuesTypeRef, path: string): Schema => {
    const field = overrides.fields[path];
    if (field) return field;
    if (typeof ref !== 'string') {
      if ('list' in ref) return list(build(ref.list, `${path}[]`));
      return {type: 'map', values: build(ref.map, `${path}.*`)};
    }
    const scalar = SCALARS[ref];
    if (scalar) return scalar;
    const message = overrides.messages[ref];
    if (message) return message;
    const values = VALUES_ENUMS[ref];
    if (values) return oneOf(...values);
    const fields = VALUES_MESSAGES[ref];
    if (!fields) throw new Error(`values schema: unknown type ${ref} at ${path}`);
    const properties: {[field: string]: Schema} = {};
    for (const [name, fieldRef] of Object.entries(fields))
      properties[name] = build(fieldRef, path === '' ? name : `${path}.${name}`);
    return object(properties);
  };
  return build('Values', '');
}
