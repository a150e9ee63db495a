import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {MeshError} from '../../../src/errors.js';
import {toFlags} from '../../../src/spec/flags.js';
import {SPEC_SCHEMA, type Schema} from '../../../src/spec/schema.js';
import {applySet, parseSet} from '../../../src/spec/set-path.js';
import type {Json, JsonObject} from '../../../src/spec/types.js';
import {validateSpec} from '../../../src/spec/validate.js';

const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/-]{0,12}$/);
const text = fc.string({maxLength: 12});
const scalar: fc.Arbitrary<Json> = fc.oneof(text, fc.integer(), fc.boolean(), fc.double({noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6}));

/** Arbitrary values that conform to a schema node (depth-limited). */
function arbitraryFor(schema: Schema, depth: number): fc.Arbitrary<Json> {
  switch (schema.type) {
    case 'string':
      return schema.enum ? fc.constantFrom(...schema.enum) : text;
    case 'integer':
      return fc.integer({min: schema.minimum ?? -1000, max: schema.maximum ?? 1000});
    case 'number':
      return fc.oneof(fc.integer({min: schema.minimum ?? -100, max: schema.maximum ?? 100}), fc.constantFrom(0.5, 12.25));
    case 'boolean':
      return fc.boolean();
    case 'intOrString':
      return fc.oneof(fc.integer({min: 0, max: 65535}), fc.stringMatching(/^[0-9]{1,3}(m|Mi|Gi)$/));
    case 'any':
      return scalar;
    case 'map':
      return depth > 3 ? fc.constant({}) : fc.dictionary(key, arbitraryFor(schema.values, depth + 1), {maxKeys: 2});
    case 'list':
      return depth > 3 ? fc.constant([]) : fc.array(arbitraryFor(schema.items, depth + 1), {maxLength: 2});
    case 'object': {
      if (depth > 3) return fc.constant({});
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([name, field]) => [name, arbitraryFor(field, depth + 1)]));
      return fc.record(fields, {requiredKeys: []}) as fc.Arbitrary<Json>;
    }
  }
}

describe('profile dump -o flags round trip', () => {
  it('feeding the flags back through --set rebuilds the same spec', () => {
    fc.assert(
      fc.property(arbitraryFor(SPEC_SCHEMA, 0), (spec) => {
        const rebuilt: JsonObject = {};
        for (const line of toFlags(spec)) applySet(rebuilt, parseSet(line));
        expect(rebuilt).toEqual(spec);
      }),
      {numRuns: 300},
    );
  });

  it('generated specs are valid, so the generator itself is honest', () => {
    fc.assert(fc.property(arbitraryFor(SPEC_SCHEMA, 0), (spec) => validateSpec(spec).filter((i) => !/gateway|revision/.test(i.message)).length === 0), {numRuns: 100});
  });
});

describe('the --set parser never crashes', () => {
  it('any input either parses or fails with a MeshError', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 40}), (input) => {
        try {
          applySet({}, parseSet(input));
        } catch (error) {
          expect(error).toBeInstanceOf(MeshError);
        }
      }),
      {numRuns: 2000},
    );
  });

  it('path-like inputs too', () => {
    const pathy = fc.stringMatching(/^[a-zA-Z.\\[\]:0-9=]{0,30}$/);
    fc.assert(
      fc.property(pathy, (input) => {
        try {
          applySet({}, parseSet(input));
        } catch (error) {
          expect(error).toBeInstanceOf(MeshError);
        }
      }),
      {numRuns: 2000},
    );
  });
});
