import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { analyzeJsonLines, registerAnalyzeCommand, sharesOfJsonLines } from './analyze-command.js';

async function run(input: string, options: Parameters<typeof analyzeJsonLines>[2] = {}) {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const summary = await analyzeJsonLines(Readable.from([input]), output, options);
  output.end();
  const lines = chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, lines };
}

describe('analyzeJsonLines', () => {
  it('answers each input line in order, errors in place, and keeps going', async () => {
    const input = [
      JSON.stringify({ id: 7, text: 'Giao hàng nhanh, sản phẩm rất tốt' }),
      '{"id": 8, "text": ',
      JSON.stringify({ id: 'no-text' }),
      '',
      JSON.stringify({ id: 'en', text: 'This is the worst service I have ever had' }),
      JSON.stringify({ id: 'und', text: '😂😂😂' }),
      '[1,2]',
    ].join('\n');
    const { summary, lines } = await run(input, { batchSize: 2 });
    expect(summary).toEqual({ analyzed: 3, errors: 3 });
    expect(lines.map((l) => l.id ?? `line ${l.line}`)).toEqual([
      7,
      'line 2',
      'line 3',
      'en',
      'und',
      'line 7',
    ]);
    expect(lines[0]).toMatchObject({ lang: 'vi', sentiment: 'positive' });
    expect(lines[0]!.keywords).toContain('sản phẩm');
    expect(lines[0]).not.toHaveProperty('tokens');
    expect(String(lines[1]!.error)).toMatch(/not valid JSON/);
    expect(String(lines[2]!.error)).toMatch(/text/);
    expect(lines[3]).toMatchObject({ lang: 'en', sentiment: 'negative' });
    expect(lines[4]).toMatchObject({ lang: 'und', sentiment: null, confidence: null });
  });

  it('adds tokens on request', async () => {
    const { lines } = await run(`${JSON.stringify({ id: 1, text: 'Sản phẩm không tốt' })}\n`, {
      tokens: true,
    });
    expect(lines[0]!.tokens).toEqual(['sản_phẩm', 'không', 'tốt']);
  });

  it('streams: output of early batches is written before the input ends', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let received = '';
    output.on('data', (c: Buffer) => {
      received += c.toString('utf8');
    });
    const done = analyzeJsonLines(input, output, { batchSize: 1 });
    input.write(`${JSON.stringify({ id: 1, text: 'tuyệt vời' })}\n`);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toContain('"id":1');
    input.end(`${JSON.stringify({ id: 2, text: 'tệ quá' })}\n`);
    await done;
    expect(received.trim().split('\n')).toHaveLength(2);
  });
});

describe('nghe analyze command', () => {
  it('reads a file given as argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-analyze-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'a', text: 'Thầy dạy rất hay và nhiệt tình' })}\n`);
    const program = new Command().exitOverride();
    registerAnalyzeCommand(program);
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'nghe', 'analyze', file]);
    } finally {
      process.stdout.write = original;
    }
    const line = JSON.parse(written.join('').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ id: 'a', lang: 'vi', sentiment: 'positive' });
  });
});

describe('sharesOfJsonLines', () => {
  it('estimates the shares of all posts, leaving out the ones without sentiment', async () => {
    const positive = ['Thầy dạy rất hay và nhiệt tình', 'giảng viên tận tâm, bài giảng dễ hiểu'];
    const negative = ['giảng viên dạy khó hiểu, chán', 'phòng học nóng, máy chiếu hỏng'];
    const lines: string[] = [];
    for (let i = 0; i < 30; i++) lines.push(JSON.stringify({ id: i, text: positive[i % 2] }));
    for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ id: 100 + i, text: negative[i % 2] }));
    lines.push(JSON.stringify({ id: 'und', text: '😂😂😂' }));
    lines.push('{"broken": ');
    const errors = new PassThrough();
    let errorText = '';
    errors.on('data', (c: Buffer) => {
      errorText += c.toString('utf8');
    });
    const result = await sharesOfJsonLines(Readable.from([lines.join('\n')]), errors, {
      batchSize: 16,
    });
    expect(result.n).toBe(40);
    expect(result.excluded).toBe(1);
    expect(result.invalid).toBe(1);
    expect(errorText.trim().split('\n')).toHaveLength(1);
    expect(errorText).toMatch(/^line 42: not valid JSON/);
    const { shares, intervals } = result;
    expect(shares.positive + shares.neutral + shares.negative).toBeCloseTo(1, 3);
    expect(shares.positive).toBeGreaterThan(shares.negative);
    expect(Math.abs(shares.positive - 0.75)).toBeLessThan(0.2);
    for (const c of ['positive', 'neutral', 'negative'] as const) {
      expect(intervals[c][0]).toBeLessThanOrEqual(shares[c]);
      expect(intervals[c][1]).toBeGreaterThanOrEqual(shares[c]);
    }
    expect(result.method).toMatch(/cells|pacc|acc/);
    expect(Object.keys(result.groups).every((g) => g.startsWith('vi:'))).toBe(true);
  });

  it('prints one JSON object for nghe analyze --shares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-shares-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      `${[
        JSON.stringify({ id: 'a', text: 'Thầy dạy rất hay và nhiệt tình' }),
        JSON.stringify({ id: 'b', text: 'This is the worst service I have ever had' }),
      ].join('\n')}\n`,
    );
    const program = new Command().exitOverride();
    registerAnalyzeCommand(program);
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'nghe', 'analyze', '--shares', file]);
    } finally {
      process.stdout.write = original;
    }
    const out = written.join('').trim().split('\n');
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0]!) as Record<string, unknown>;
    expect(Object.keys(result).slice(0, 4)).toEqual(['n', 'shares', 'intervals', 'method']);
    expect(result).toMatchObject({ n: 2, excluded: 0, sufficient: false });
    // English is averaged, not corrected, and the method says so.
    expect(result.method).toMatch(/en=pcc/);
  });
});
