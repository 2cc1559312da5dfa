/** An unknown key of a request body is its own field, named in the message (not `_`: "Unknown field."). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBody, zodFields } from './errors';

const schema = z.strictObject({ a: z.string(), inner: z.strictObject({ b: z.number() }) });
const fieldsOf = (input: unknown) => {
  const r = schema.safeParse(input);
  return zodFields(r.error!.issues.map((i) => ({ instancePath: `/${i.path.join('/')}`, message: i.message, params: { ...i } as Record<string, unknown> })));
};

describe('unknown keys', () => {
  it('each is a field named in both languages, nested ones by their path', () => {
    const fields = fieldsOf({ a: 'x', warna: 1, ukuran: 2, inner: { b: 1, c: 3 } });
    expect(errorBody('id', 'error.validation', {}, fields).error.fields).toEqual({
      warna: 'Kolom "warna" tidak dikenal di sini; hapus kolom itu atau periksa ejaannya.',
      ukuran: 'Kolom "ukuran" tidak dikenal di sini; hapus kolom itu atau periksa ejaannya.',
      'inner.c': 'Kolom "c" tidak dikenal di sini; hapus kolom itu atau periksa ejaannya.',
    });
    expect(errorBody('en', 'error.validation', {}, fieldsOf({ a: 'x', inner: { b: 1 }, colour: 'blue' })).error.fields).toEqual({
      colour: 'The field "colour" is not known here; remove it or check its spelling.',
    });
  });

  it('read off the message when the issue carries no key list', () => {
    const fields = zodFields([{ instancePath: '/', message: 'Unrecognized keys: "x", "y"' }]);
    expect(Object.keys(fields)).toEqual(['x', 'y']);
  });
});
