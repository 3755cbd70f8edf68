import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './api-error.js';
import { validateQueryString } from './request-validation.js';

const schema = z.object({
  topic: z.coerce.number().int().min(1),
  platforms: z
    .string()
    .transform((text) => text.split(','))
    .optional(),
});

const parsedOf = (raw: string) => () => Object.fromEntries(new URLSearchParams(raw));

describe('validateQueryString', () => {
  it('answers a query string seen before as the schema does, without parsing it again', () => {
    const raw = 'topic=3&platforms=x,web';
    let parses = 0;
    const counted = () => {
      parses++;
      return parsedOf(raw)();
    };
    const first = validateQueryString(schema, raw, counted);
    const second = validateQueryString(schema, raw, counted);
    expect(first).toEqual(schema.parse(parsedOf(raw)()));
    expect(second).toEqual(first);
    expect(parses).toBe(1);
  });

  it('gives each caller its own copy', () => {
    const raw = 'topic=4&platforms=x,web';
    const first = validateQueryString(schema, raw, parsedOf(raw)) as { platforms: string[] };
    first.platforms.push('changed');
    const second = validateQueryString(schema, raw, parsedOf(raw)) as { platforms: string[] };
    expect(second.platforms).toEqual(['x', 'web']);
  });

  it('refuses a bad query string every time it is asked', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => validateQueryString(schema, 'topic=0', parsedOf('topic=0'))).toThrow(HttpError);
    }
    // Unknown parameters are refused as by validateRequest.
    expect(() =>
      validateQueryString(schema, 'topic=1&topics=2', parsedOf('topic=1&topics=2')),
    ).toThrow(/topics/);
  });

  it('keeps a bounded number of query strings per schema', () => {
    for (let i = 1; i <= 2000; i++) {
      const raw = `topic=${i}`;
      expect(validateQueryString(schema, raw, parsedOf(raw))).toEqual({ topic: i });
    }
  });
});
