import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tagPlacesJsonLines } from './places-command.js';

async function run(lines: string[]): Promise<{ out: Record<string, unknown>[]; errors: number }> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  const summary = await tagPlacesJsonLines(Readable.from(lines.join('\n')), output);
  const out = chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { out, errors: summary.errors };
}

describe('nghe places tag', () => {
  it('prints one line per input with each place in the documented shape', async () => {
    const { out, errors } = await run([
      JSON.stringify({ id: 'a', text: 'Ngập ở quận 1, TP.HCM', publishedAt: '2024-09-01' }),
      JSON.stringify({ id: 'b', text: 'Trận đấu rất hay' }),
    ]);
    expect(errors).toBe(0);
    expect(out.map((o) => o.id)).toEqual(['a', 'b']);
    const places = out[0]!.places as Record<string, unknown>[];
    expect(places.map((p) => [p.surface, p.level, p.province, p.code])).toEqual([
      ['quận 1', 'district', 'Hồ Chí Minh', '760'],
      ['TP.HCM', 'city', 'Hồ Chí Minh', '79'],
    ]);
    expect(out[1]!.places).toEqual([]);
  });

  it('uses the province hint of a line', async () => {
    const { out } = await run([
      JSON.stringify({ id: 1, text: 'Tai nạn ở phường Tân Hòa', province: 'Hồ Chí Minh' }),
      JSON.stringify({ id: 2, text: 'Tai nạn ở phường Tân Hòa' }),
    ]);
    expect((out[0]!.places as { province: string }[])[0]?.province).toBe('Hồ Chí Minh');
    expect(out[1]!.places).toEqual([]);
  });

  it('answers a bad line with its number and a reason, and keeps going', async () => {
    const { out, errors } = await run([
      '{"id":1,"text":"Ngập ở Hà Nội"}',
      'not json',
      '{"id":3}',
      '{"id":4,"text":"x","publishedAt":"yesterday"}',
      '{"id":5,"text":"Sài Gòn mưa"}',
    ]);
    expect(errors).toBe(3);
    expect(out.map((o) => o.id ?? `line ${o.line}`)).toEqual([1, 'line 2', 'line 3', 'line 4', 5]);
    expect(out[2]!.error).toBe('missing string field "text"');
  });
});
