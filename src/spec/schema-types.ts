/**
 * The vocabulary of the spec schema: node kinds, small constructors and a human phrase per
 * node. Kept apart from the schema data so the spec and mesh-config halves can share it.
 */
export type Schema =
  /** `check` returns why a string is not acceptable (e.g. a revision name), or undefined; `format` says what it takes. */
  | {type: 'string'; enum?: readonly string[]; check?: (value: string) => string | undefined; format?: string}
  | {type: 'integer'; minimum?: number; maximum?: number}
  | {type: 'number'; minimum?: number; maximum?: number}
  | {type: 'boolean'}
  | {type: 'intOrString'}
  | {type: 'any'}
  | ObjectSchema
  /** `keyCheck` returns why a key is not acceptable (e.g. a resource name), or undefined. */
  | {type: 'map'; values: Schema; keyCheck?: (key: string) => string | undefined}
  | {type: 'list'; items: Schema};

export interface ObjectSchema {
  type: 'object';
  properties: {[field: string]: Schema};
  /** Accepts fields not listed: only where the API itself is open (or is a Kubernetes struct passed through). */
  open?: boolean;
  /** Fields that must be present (checked on the merged spec, not on each --set). */
  required?: readonly string[];
  /** Exactly one of these fields must be present: a protobuf `oneof`, such as an extension provider's kind. */
  exactlyOne?: readonly string[];
}

export const str: Schema = {type: 'string'};
export const int: Schema = {type: 'integer'};
export const bool: Schema = {type: 'boolean'};
export const any: Schema = {type: 'any'};
export const intOrString: Schema = {type: 'intOrString'};
export const anyObject: Schema = {type: 'object', properties: {}, open: true};
export const stringMap: Schema = {type: 'map', values: str};
export const strings: Schema = {type: 'list', items: str};
export const port: Schema = {type: 'integer', minimum: 1, maximum: 65535};
/** A protobuf Duration as YAML writes it, e.g. "5s". */
export const duration: Schema = str;
export const oneOf = (...values: string[]): Schema => ({type: 'string', enum: values});
export const object = (properties: {[field: string]: Schema}, open = false): ObjectSchema => ({
  type: 'object',
  properties,
  open,
});
export const list = (items: Schema): Schema => ({type: 'list', items});

/** A human phrase for what a schema node expects, used in error messages. */
export function describeSchema(schema: Schema): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? `one of ${schema.enum.join(', ')}` : (schema.format ?? 'a string');
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'intOrString':
      return 'an integer or a string';
    case 'any':
      return 'any value';
    case 'object':
      return 'an object';
    case 'map':
      return `a map of ${describeSchema(schema.values)}`;
    case 'list':
      return 'a list';
  }
}
