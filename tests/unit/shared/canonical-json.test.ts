import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../../displays/shared/protocol.js';

/** canonicalJson as first written (entries, filter, sort, map, join): manifest hashes must not change. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// JSON-like values with Vietnamese and astral text in keys and strings, and undefined in objects and arrays.
const text = fc.oneof(fc.string(), fc.constantFrom('Hành chính phục vụ', 'Khu chờ', 'đ', 'Đ', '😀', 'a', 'B', '_'));
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('any'), { maxLength: 5 }),
    fc.dictionary(text, tie('any'), { maxKeys: 6 }),
  ),
})).any;

describe('canonicalJson', () => {
  it('writes exactly what the first implementation wrote, for any JSON-like value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys at every level, leaves out undefined members, and parses back to the same data', () => {
    const v = { b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'Hành chính' }, e: undefined };
    expect(canonicalJson(v)).toBe('{"a":{"c":"Hành chính","d":[3,{"z":1}]},"b":1}');
    expect(JSON.parse(canonicalJson(v))).toEqual({ a: { c: 'Hành chính', d: [3, { z: 1 }] }, b: 1 });
  });
});
