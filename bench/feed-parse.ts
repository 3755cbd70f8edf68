// Feed parsing throughput on the shared corpus: nghe's parseFeed next to rss-parser's
// parseString, same files, same run, the two interleaved round by round so that a busy machine
// slows both alike; the ratio is taken per round, on CPU time. Run: npx tsx bench/feed-parse.ts [rounds]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { NotAFeedError, parseFeed } from '../src/connectors/feed/parse-feed.js';
import { parseXml, parseXmlWithSax } from '../src/connectors/feed/xml-tree.js';

const corpus = join(process.cwd(), '../shared/data/feeds');
const rounds = Number(process.argv[2] ?? 5);

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

interface Input {
  path: string;
  bytes: Buffer;
  text: string;
}

function loadCorpus(): Input[] {
  return listFiles(corpus)
    .filter((path) => !/(LICENSE|SOURCES\.md|\/output\/.*\.json|\.html(-result)?)$/.test(path))
    .map((path) => {
      const raw = readFileSync(path);
      const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      // rss-parser takes a string; give it UTF-8 text, as its users usually do.
      return { path, bytes, text: bytes.toString('utf8') };
    });
}

interface Score {
  seconds: number;
  /** CPU seconds (user and system) of this process. */
  cpu: number;
  items: number;
  failures: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function runNghe(inputs: Input[]): Score {
  let items = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) {
    try {
      items += parseFeed(input.bytes).items.length;
    } catch (error) {
      if (!(error instanceof NotAFeedError)) throw error;
      failures++;
    }
  }
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpu), items, failures };
}

/**
 * The XML layer alone, to show what HTML sanitising and text cost on top: as parseFeed reads it
 * (htmlparser2's tokenizer, sax for ill-formed files), and with sax for every file.
 */
function runXmlTree(inputs: Input[], read: typeof parseXml): Score {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) read(input.text, null);
  return {
    seconds: (performance.now() - started) / 1000,
    cpu: cpuSince(cpu),
    items: 0,
    failures: 0,
  };
}

async function runRssParser(inputs: Input[]): Promise<Score> {
  const parser = new Parser();
  let items = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const input of inputs) {
    try {
      items += (await parser.parseString(input.text)).items.length;
    } catch {
      failures++;
    }
  }
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSince(cpu), items, failures };
}

function report(name: string, megabytes: number, scores: Score[]): void {
  // Best round: the least disturbed by GC pauses and other processes.
  const best = scores.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const rate = `${(megabytes / best.seconds).toFixed(1).padStart(7)} MB/s`;
  const items =
    best.items > 0
      ? `${String(Math.round(best.items / best.seconds)).padStart(8)} items/s  (${best.items} items, ${best.failures} rejected, `
      : `${''.padStart(17)}  (`;
  console.log(
    `${name.padEnd(12)} ${rate} ${items}best of ${scores.length}: ${(best.seconds * 1000).toFixed(0)} ms, ${(best.cpu * 1000).toFixed(0)} ms CPU)`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`skipped: ${corpus} is absent (the shared corpus sits beside the repository)`);
    return;
  }
  const inputs = loadCorpus();
  const megabytes = inputs.reduce((sum, input) => sum + input.bytes.length, 0) / 1e6;
  console.log(`${inputs.length} files, ${megabytes.toFixed(2)} MB, ${rounds} rounds after warm-up`);
  runNghe(inputs);
  await runRssParser(inputs);
  runXmlTree(inputs, parseXml);
  runXmlTree(inputs, parseXmlWithSax);
  const nghe: Score[] = [];
  const rssParser: Score[] = [];
  const xmlTree: Score[] = [];
  const saxTree: Score[] = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always runs right after the other's garbage.
    if (round % 2 === 0) {
      nghe.push(runNghe(inputs));
      rssParser.push(await runRssParser(inputs));
    } else {
      rssParser.push(await runRssParser(inputs));
      nghe.push(runNghe(inputs));
    }
    xmlTree.push(runXmlTree(inputs, parseXml));
    saxTree.push(runXmlTree(inputs, parseXmlWithSax));
  }
  report('parseFeed', megabytes, nghe);
  report('rss-parser', megabytes, rssParser);
  report('xml tree', megabytes, xmlTree);
  report('sax tree', megabytes, saxTree);
  const ratios = nghe.map((score, round) => rssParser[round]!.cpu / score.cpu);
  console.log(
    `parseFeed speed ÷ rss-parser speed, on CPU time per round: median ${median(ratios).toFixed(2)}×` +
      ` (rounds: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
  );
}

await main();
