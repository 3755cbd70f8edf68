// Throughput of live topic matching: mentions per second through TopicIndex with 1,000 and
// 10,000 active topics, for short posts and long articles, matching alone and with each
// mention's preparation (prepareDocument), next to the earlier index (filed under each topic's
// lightest part only), the naive loop (every topic's matcher on every mention) and the earlier
// string-per-word preparation in the same run. Rates are per CPU second of this process
// (process.cpuUsage), best of three runs, with wall-clock rates and the load average beside
// them: on a shared machine compare the ratios. Guessed and learned anchors of the production
// index are then timed against each other in alternation (--alternations, default 5), and the
// median and spread of each side and of their ratio reported.
// Run: npx tsx bench/topics-matcher.ts [--topics 1000,10000] [--lengths short,long]
//   [--alternations 5]
import { loadavg } from 'node:os';
import { FirstPartTopicIndex } from '../src/query/fixtures/first-part-topic-index.js';
import { pick, type Random, seededRandom } from '../src/query/fixtures/random-corpus.js';
import { prepareStringDocument } from '../src/query/fixtures/string-prepare.js';
import { compilePreparedMatcher } from '../src/query/match.js';
import { parseQuery } from '../src/query/parse.js';
import {
  type MatchDocument,
  type PreparedDocument,
  prepareDocument,
} from '../src/query/prepare.js';
import { TopicIndex } from '../src/query/topic-index.js';
import { WordStatistics } from '../src/query/word-statistics.js';

const PLACES = [
  'Hà Nội',
  'Hồ Chí Minh',
  'Thủ Đức',
  'Đà Nẵng',
  'Hải Phòng',
  'Cần Thơ',
  'Huế',
  'Nha Trang',
  'Quảng Ninh',
  'Hạ Long',
  'Bình Dương',
  'Đồng Nai',
  'Biên Hòa',
  'Vũng Tàu',
  'Long An',
  'Tây Ninh',
  'Gia Lai',
  'Đắk Lắk',
  'Buôn Ma Thuột',
  'Lâm Đồng',
  'Đà Lạt',
  'Khánh Hòa',
  'Quảng Nam',
  'Hội An',
  'Quảng Ngãi',
  'Bình Định',
  'Quy Nhơn',
  'Phú Yên',
  'Nghệ An',
  'Vinh',
  'Thanh Hóa',
  'Hà Tĩnh',
  'Lào Cai',
  'Sa Pa',
  'Yên Bái',
  'Thái Nguyên',
  'Bắc Ninh',
  'Hưng Yên',
  'Nam Định',
  'Ninh Bình',
  'An Giang',
  'Kiên Giang',
  'Phú Quốc',
  'Cà Mau',
  'Bạc Liêu',
  'Sóc Trăng',
  'Vĩnh Long',
  'Bến Tre',
  'Quận 1',
  'Quận 7',
  'Bình Thạnh',
  'Gò Vấp',
  'Tân Bình',
  'Cầu Giấy',
  'Hoàn Kiếm',
  'Long Biên',
];
const ISSUES = [
  'ngập',
  'triều cường',
  'kẹt xe',
  'ùn tắc',
  'tai nạn',
  'sạt lở',
  'lũ quét',
  'bão',
  'mưa lớn',
  'cháy',
  'hỏa hoạn',
  'mất điện',
  'cúp nước',
  'ô nhiễm',
  'bụi mịn',
  'rác thải',
  'giá xăng',
  'giá vàng',
  'lãi suất',
  'bất động sản',
  'giải phóng mặt bằng',
  'thu hồi đất',
  'học phí',
  'tuyển sinh',
  'bệnh viện',
  'sốt xuất huyết',
  'dịch bệnh',
  'an toàn thực phẩm',
  'lừa đảo',
  'trộm cắp',
  'cướp giật',
  'đường sắt',
  'metro',
  'cao tốc',
  'sân bay',
  'xe buýt',
  'hạn mặn',
  'nắng nóng',
  'động đất',
  'tham nhũng',
  'khởi tố',
  'bồi thường',
  'đình công',
  'thất nghiệp',
];
const BRANDS = ['Vinamilk', 'Viettel', 'VinFast', 'Grab', 'Shopee', 'Highlands', 'FPT', 'Masan'];
const FILLER = (
  'người dân cho biết trong những ngày qua tình trạng này đã diễn ra nhiều lần và chính quyền ' +
  'địa phương đang tìm cách khắc phục theo ghi nhận của phóng viên tại khu vực nhiều hộ gia đình ' +
  'phải di chuyển đồ đạc lên cao các cơ quan chức năng cho hay sẽ kiểm tra xử lý trong thời gian ' +
  'tới ông bà anh chị nói rằng cuộc sống bị ảnh hưởng nghiêm trọng mỗi khi có sự cố xảy ra sáng ' +
  'chiều tối hôm nay tuần trước năm ngoái'
).split(' ');

function orGroup(random: Random, items: readonly string[], max: number): string {
  const count = 1 + Math.floor(random() * max);
  const chosen = Array.from({ length: count }, () => {
    const item = pick(random, items);
    return item.includes(' ') ? `"${item}"` : item;
  });
  return count === 1 ? chosen[0]! : `(${chosen.join(' OR ')})`;
}

/** Topics shaped like users write them: issues in places, brands with exclusions, wildcards. */
function randomTopic(random: Random): string {
  const roll = random();
  if (roll < 0.5) {
    return `${orGroup(random, ISSUES, 3)} ${orGroup(random, PLACES, 3)}${random() < 0.3 ? ' -"quảng cáo"' : ''}`;
  }
  if (roll < 0.65) {
    const issue = pick(random, ISSUES).split(' ')[0]!;
    return `${issue.length >= 3 ? `${issue}*` : issue} ${orGroup(random, PLACES, 2)}`;
  }
  if (roll < 0.8) {
    return `${pick(random, BRANDS)} (${orGroup(random, ISSUES, 4)} OR title:"${pick(random, PLACES)}") -tuyển -khuyến`;
  }
  if (roll < 0.9) {
    return `"${pick(random, ISSUES)}" NEAR/8 "${pick(random, PLACES)}" lang:vi`;
  }
  return `title:${orGroup(random, ISSUES, 2)} platform:(web OR facebook)`;
}

// Filler vocabulary: common words plus made-up Vietnamese-like syllables, drawn with a skew so
// that a few words are very frequent and most are rare, as in real text.
const ONSETS = [
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'nh',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
];
const RHYMES = [
  'a',
  'ai',
  'am',
  'an',
  'ang',
  'anh',
  'ao',
  'at',
  'ay',
  'e',
  'em',
  'en',
  'eo',
  'i',
  'im',
  'in',
  'inh',
  'o',
  'oa',
  'oi',
  'om',
  'on',
  'ong',
  'u',
  'ua',
  'ui',
  'um',
  'un',
  'ung',
  'uy',
  'ươ',
  'ương',
  'ưu',
  'ơi',
  'ân',
  'âng',
  'ây',
  'ôi',
  'ông',
  'ên',
  'ênh',
];
const TONES = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

function syllables(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => {
    const rhyme = pick(random, RHYMES);
    const tone = pick(random, TONES);
    return `${pick(random, ONSETS)}${rhyme[0]}${tone}${rhyme.slice(1)}`.normalize('NFC');
  });
}

const vocabularyRandom = seededRandom(7);
const VOCABULARY = [...FILLER, ...syllables(vocabularyRandom, 6000)];

function skewedWord(random: Random): string {
  return VOCABULARY[Math.floor(random() ** 3 * VOCABULARY.length)]!;
}

const SITES = ['vnexpress.net', 'tuoitre.vn', 'thanhnien.vn', 'dantri.com.vn'];

/**
 * Mostly everyday words, with an issue, a place or a brand in about half of the mentions. Long
 * mentions are articles (a title, 60–200 words); short ones are social posts (no title, 10–40
 * words).
 */
function randomMention(random: Random, length: 'short' | 'long'): MatchDocument {
  const words = (count: number): string => {
    const parts = Array.from({ length: count }, () => skewedWord(random));
    const insert = (item: string) => parts.splice(Math.floor(random() * parts.length), 0, item);
    if (random() < 0.5) insert(pick(random, ISSUES));
    if (random() < 0.5) insert(pick(random, PLACES));
    if (random() < 0.1) insert(pick(random, BRANDS));
    return parts.join(random() < 0.5 ? ' ' : ', ');
  };
  return {
    title: length === 'long' ? words(10) : null,
    text:
      length === 'long'
        ? words(60 + Math.floor(random() * 140))
        : words(10 + Math.floor(random() * 30)),
    platform: pick(random, ['web', 'web', 'facebook', 'x', 'youtube']),
    lang: pick(random, ['vi', 'vi', 'vi', 'en', null]),
    sentiment: null,
    // As the tagger passes stored mentions: with their address and source.
    url: `https://${pick(random, SITES)}/tin-${Math.floor(random() * 1e6)}.html`,
    sourceIds: [1 + Math.floor(random() * SITES.length)],
    sourceNames: [pick(random, ['VnExpress', 'Tuổi Trẻ', 'Thanh Niên', 'Dân Trí'])],
  };
}

interface Timing {
  cpu: number;
  wall: number;
}

/** CPU and wall seconds of the best of three runs by CPU time: steadier on a busy machine. */
function timeIt(run: () => void): Timing {
  let best: Timing = { cpu: Number.POSITIVE_INFINITY, wall: 0 };
  for (let i = 0; i < 3; i++) {
    const wallStart = performance.now();
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    const cpu = (used.user + used.system) / 1e6;
    if (cpu < best.cpu) best = { cpu, wall: (performance.now() - wallStart) / 1000 };
  }
  return best;
}

const format = (perSecond: number): string => Math.round(perSecond).toLocaleString('en');
const rates = (count: number, timing: Timing): string =>
  `${format(count / timing.cpu)}/CPU s (${format(count / timing.wall)}/s wall)`;
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

function option(name: string, fallback: string): string[] {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? process.argv[at + 1]! : fallback).split(',');
}
const topicCounts = option('topics', '1000,10000').map(Number);
const lengths = option('lengths', 'short,long') as ('short' | 'long')[];
const alternations = Number(option('alternations', '5')[0]);

/** CPU and wall seconds of one run. */
function timeOnce(run: () => void): Timing {
  const wallStart = performance.now();
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wallStart) / 1000 };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: readonly number[], show: (value: number) => string): string =>
  `median ${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;

interface Matcher {
  match(doc: PreparedDocument): unknown[];
  stats: { documents: number; candidates: number; evaluated: number };
}

console.log(`load average at start: ${load()}`);
const random = seededRandom(42);
const corpora = lengths.map((length) => {
  const mentions = Array.from({ length: length === 'short' ? 20_000 : 2000 }, () =>
    randomMention(random, length),
  );
  let prepared: PreparedDocument[] = [];
  const preparing = timeIt(() => {
    prepared = mentions.map(prepareDocument);
  });
  const earlier = timeIt(() => {
    for (const mention of mentions) prepareStringDocument(mention).foldedWords;
  });
  const words = prepared.reduce((sum, doc) => sum + doc.title.length + doc.text.length, 0);
  console.log(
    `${length} mentions: ${mentions.length}, ${Math.round(words / mentions.length)} words each; ` +
      `prepareDocument ${rates(mentions.length, preparing)}; earlier string-per-word ` +
      `preparation (with its word set, as the earlier index reads it) ${rates(mentions.length, earlier)}`,
  );
  return { length, mentions, prepared };
});

// Word statistics as a running installation would have them: learned from earlier mentions.
const statistics = new WordStatistics();
for (let i = 0; i < 500; i++) statistics.observe(prepareDocument(randomMention(random, 'long')));
for (let i = 0; i < 2000; i++) statistics.observe(prepareDocument(randomMention(random, 'short')));

for (const topicCount of topicCounts) {
  const queries = Array.from({ length: topicCount }, () => parseQuery(randomTopic(random)));
  const matchers = queries.map((query) => compilePreparedMatcher(query));
  const indexes: { name: string; index: Matcher; builtMs: number; earlier: boolean }[] = [];
  for (const kind of ['earlier index', 'TopicIndex'] as const) {
    for (const anchoring of ['guessed', 'learned'] as const) {
      const options = anchoring === 'learned' ? { statistics } : {};
      const index =
        kind === 'TopicIndex' ? new TopicIndex(options) : new FirstPartTopicIndex(options);
      const buildStart = process.cpuUsage();
      for (const [i, query] of queries.entries()) index.add(i, query);
      const built = process.cpuUsage(buildStart);
      indexes.push({
        name: `${kind}, ${anchoring} anchors`,
        index,
        builtMs: Math.round((built.user + built.system) / 1000),
        earlier: kind !== 'TopicIndex',
      });
    }
  }

  for (const { length, mentions, prepared } of corpora) {
    // The naive loop is slow at 10,000 topics, and the earlier index too: slices of the
    // corpus keep the run short (rates are per mention).
    const naiveDocs = prepared.slice(
      0,
      (length === 'short' ? 5 : 1) * (topicCount > 1000 ? 200 : 1000),
    );
    let naive = 0;
    const naiveTiming = timeIt(() => {
      naive = 0;
      for (const doc of naiveDocs) for (const matcher of matchers) if (matcher(doc)) naive++;
    });
    const naiveRate = naiveDocs.length / naiveTiming.cpu;
    console.log(
      `${topicCount} topics, ${length}, naive loop: ${rates(naiveDocs.length, naiveTiming)}`,
    );
    let earlierRate = 0;
    for (const { name, index, builtMs, earlier } of indexes) {
      let indexedSlice = 0;
      for (const doc of naiveDocs) indexedSlice += index.match(doc).length;
      if (indexedSlice !== naive) {
        throw new Error(`${name} found ${indexedSlice} matches, naive loop ${naive}`);
      }
      const count = earlier
        ? Math.min(prepared.length, length === 'short' ? 4000 : 400)
        : prepared.length;
      const docs = prepared.slice(0, count);
      const raw = mentions.slice(0, count);
      const before = { ...index.stats };
      let indexed = 0;
      const matching = timeIt(() => {
        indexed = 0;
        for (const doc of docs) indexed += index.match(doc).length;
      });
      const documents = index.stats.documents - before.documents;
      const woken = (index.stats.candidates - before.candidates) / documents;
      const evaluated = (index.stats.evaluated - before.evaluated) / documents;
      const perSecond = count / matching.cpu;
      if (name === 'earlier index, guessed anchors') earlierRate = perSecond;
      // From the raw mention, as ingest runs it: preparation included, nothing cached on it.
      const endToEnd = timeIt(() => {
        for (const mention of raw) index.match(prepareDocument(mention));
      });
      console.log(
        `${topicCount} topics, ${length}, ${name}: matching ${rates(count, matching)}; ` +
          `with preparation ${rates(count, endToEnd)}; ` +
          `×${(perSecond / naiveRate).toFixed(1)} the naive loop` +
          (earlierRate > 0 && !earlier
            ? `, ×${(perSecond / earlierRate).toFixed(1)} the earlier index with guessed anchors`
            : '') +
          `; ${(indexed / count).toFixed(1)} topics matched, ` +
          `${woken.toFixed(1)} woken and ${evaluated.toFixed(1)} evaluated per mention; ` +
          `built in ${builtMs} ms`,
      );
    }
    // Guessed against learned anchors, with preparation, in alternation (who goes first
    // alternates too): one figure per side per alternation, so the spread is visible.
    const production = indexes.filter((entry) => !entry.earlier);
    const perSide = production.map(() => [] as number[]);
    for (let round = 0; round < alternations; round++) {
      for (let k = 0; k < production.length; k++) {
        const side = round % 2 === 0 ? k : production.length - 1 - k;
        const index = production[side]!.index;
        const timing = timeOnce(() => {
          for (const mention of mentions) index.match(prepareDocument(mention));
        });
        perSide[side]!.push(mentions.length / timing.cpu);
      }
    }
    if (alternations > 0) {
      const ratios = perSide[1]!.map((rate, i) => rate / perSide[0]![i]!);
      console.log(
        `${topicCount} topics, ${length}, ${alternations} alternations with preparation, /CPU s: ` +
          production.map(({ name }, k) => `${name} ${spread(perSide[k]!, format)}`).join('; ') +
          `; learned ÷ guessed ${spread(ratios, (value) => value.toFixed(2))}`,
      );
    }
  }
}
console.log(`load average at end: ${load()}`);
