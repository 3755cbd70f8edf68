import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { analyzeJsonLines, registerAnalyzeCommand } from './analyze-command.js';

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
