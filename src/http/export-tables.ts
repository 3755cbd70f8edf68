// The tables an analyst takes away: the mentions list and each chart's data, with column titles
// in Vietnamese or English. An author is named only when public by nature (a page, a channel,
// an outlet); a person is "a person", with neither name nor pseudonym.
import type { Mention } from '../model.js';
import type { ProtectedSentimentShare, ProtectedSeriesPoint } from '../privacy/small-groups.js';
import type { PublicVoice } from '../store/public-voices.js';
import type { CountRow, TermRow, TrendingTerm } from './api-types.js';
import type { Cell, ExportTable } from './export-table.js';
import type { ProtectedComparison } from './protected-comparison.js';

export type ExportLang = 'vi' | 'en';

const TITLES = {
  id: ['Mã', 'Id'],
  published: ['Thời điểm đăng (UTC)', 'Published (UTC)'],
  platform: ['Nền tảng', 'Platform'],
  sources: ['Nguồn', 'Sources'],
  author: ['Tác giả', 'Author'],
  authorKind: ['Loại tác giả', 'Author kind'],
  title: ['Tiêu đề', 'Title'],
  text: ['Nội dung', 'Text'],
  url: ['Địa chỉ', 'URL'],
  language: ['Ngôn ngữ', 'Language'],
  sentiment: ['Cảm xúc', 'Sentiment'],
  likes: ['Thích', 'Likes'],
  comments: ['Bình luận', 'Comments'],
  shares: ['Chia sẻ', 'Shares'],
  views: ['Lượt xem', 'Views'],
  bucket: ['Bắt đầu khoảng (UTC)', 'Bucket start (UTC)'],
  total: ['Tổng', 'Total'],
  positive: ['Tích cực (phân loại)', 'Positive (classified)'],
  neutral: ['Trung tính (phân loại)', 'Neutral (classified)'],
  negative: ['Tiêu cực (phân loại)', 'Negative (classified)'],
  unknown: ['Không rõ', 'Unknown'],
  positiveShare: ['Tỷ lệ tích cực ước lượng', 'Estimated positive share'],
  positiveLow: ['Tích cực: cận dưới', 'Positive: low'],
  positiveHigh: ['Tích cực: cận trên', 'Positive: high'],
  negativeShare: ['Tỷ lệ tiêu cực ước lượng', 'Estimated negative share'],
  negativeLow: ['Tiêu cực: cận dưới', 'Negative: low'],
  negativeHigh: ['Tiêu cực: cận trên', 'Negative: high'],
  incomplete: ['Chưa trọn', 'Incomplete'],
  classified: ['Số được phân loại', 'Classified count'],
  share: ['Tỷ lệ ước lượng', 'Estimated share'],
  low: ['Cận dưới', 'Low'],
  high: ['Cận trên', 'High'],
  key: ['Khoá', 'Key'],
  label: ['Tên', 'Name'],
  count: ['Số đề cập', 'Mentions'],
  term: ['Từ khoá', 'Term'],
  current: ['Kỳ này', 'Current'],
  baseline: ['Mức nền', 'Baseline'],
  score: ['Điểm xu hướng', 'Trend score'],
  kind: ['Loại', 'Kind'],
  mentions: ['Số đề cập', 'Mentions'],
  reach: ['Tương tác', 'Reach (interactions)'],
  measure: ['Chỉ số', 'Measure'],
  previous: ['Kỳ trước', 'Previous'],
} as const satisfies Record<string, readonly [string, string]>;

type Column = keyof typeof TITLES;

const PERSON = ['một người', 'a person'] as const;

function columns(keys: Column[], lang: ExportLang) {
  const index = lang === 'vi' ? 0 : 1;
  return keys.map((key) => ({ key, title: TITLES[key][index] }));
}

/** Who wrote it, as an export may say it. */
export function exportAuthor(mention: Mention, lang: ExportLang): string {
  const author = mention.author;
  if (!author) return '';
  if (author.kind === 'person' || !author.displayName) {
    return author.kind === 'person' ? PERSON[lang === 'vi' ? 0 : 1] : author.kind;
  }
  return author.displayName;
}

export function mentionsTable(
  mentions: Mention[],
  sourceName: (id: number) => string,
  lang: ExportLang,
): ExportTable {
  return {
    name: 'mentions',
    columns: columns(
      [
        'id',
        'published',
        'platform',
        'sources',
        'author',
        'authorKind',
        'title',
        'text',
        'url',
        'language',
        'sentiment',
        'likes',
        'comments',
        'shares',
        'views',
      ],
      lang,
    ),
    rows: mentions.map((m) => ({
      id: m.id,
      published: m.publishedAt ?? m.collectedAt,
      platform: m.platform,
      sources: m.sourceIds.map(sourceName).join('; '),
      author: exportAuthor(m, lang),
      authorKind: m.author?.kind ?? '',
      title: m.title ?? '',
      text: m.deletedAt ? '' : m.text,
      url: m.canonicalUrl ?? '',
      language: m.analysis?.lang ?? m.language ?? '',
      sentiment: m.analysis?.sentiment ?? '',
      likes: m.engagement.likes ?? null,
      comments: m.engagement.comments ?? null,
      shares: m.engagement.shares ?? null,
      views: m.engagement.views ?? null,
    })),
  };
}

const round = (value: number | null | undefined): Cell =>
  value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;

export function seriesTable(
  points: ProtectedSeriesPoint[],
  incompleteFrom: string | null,
  lang: ExportLang,
): ExportTable {
  return {
    name: 'volume',
    columns: columns(
      [
        'bucket',
        'total',
        'positive',
        'neutral',
        'negative',
        'unknown',
        'positiveShare',
        'positiveLow',
        'positiveHigh',
        'negativeShare',
        'negativeLow',
        'negativeHigh',
        'incomplete',
      ],
      lang,
    ),
    rows: points.map((p) => ({
      bucket: p.t,
      total: p.total,
      positive: p.positive,
      neutral: p.neutral,
      negative: p.negative,
      unknown: p.unknown,
      positiveShare: round(p.sentiment.shares?.positive),
      positiveLow: round(p.sentiment.intervals?.positive[0]),
      positiveHigh: round(p.sentiment.intervals?.positive[1]),
      negativeShare: round(p.sentiment.shares?.negative),
      negativeLow: round(p.sentiment.intervals?.negative[0]),
      negativeHigh: round(p.sentiment.intervals?.negative[1]),
      incomplete: incompleteFrom !== null && p.t >= incompleteFrom ? 1 : 0,
    })),
  };
}

export function sentimentTable(share: ProtectedSentimentShare, lang: ExportLang): ExportTable {
  const kinds = ['positive', 'neutral', 'negative'] as const;
  return {
    name: 'sentiment',
    columns: columns(['sentiment', 'classified', 'share', 'low', 'high'], lang),
    rows: [
      ...kinds.map((kind) => ({
        sentiment: kind,
        classified: share.classifiedCounts[kind],
        share: round(share.shares?.[kind]),
        low: round(share.intervals?.[kind][0]),
        high: round(share.intervals?.[kind][1]),
      })),
      { sentiment: 'unknown', classified: share.unknown, share: null, low: null, high: null },
    ],
  };
}

export function breakdownTable(name: string, rows: CountRow[], lang: ExportLang): ExportTable {
  return {
    name,
    columns: columns(['key', 'label', 'count'], lang),
    rows: rows.map((row) => ({ key: row.key, label: row.label ?? row.key, count: row.count })),
  };
}

export function termsTable(rows: TermRow[], lang: ExportLang): ExportTable {
  return {
    name: 'terms',
    columns: columns(['term', 'count'], lang),
    rows: rows.map((row) => ({ term: row.term, count: row.count })),
  };
}

export function trendingTable(rows: TrendingTerm[], lang: ExportLang): ExportTable {
  return {
    name: 'trending',
    columns: columns(['term', 'current', 'baseline', 'score'], lang),
    rows: rows.map((row) => ({ ...row, score: round(row.score) })),
  };
}

export function voicesTable(rows: PublicVoice[], lang: ExportLang): ExportTable {
  return {
    name: 'voices',
    columns: columns(
      [
        'label',
        'kind',
        'platform',
        'mentions',
        'reach',
        'likes',
        'comments',
        'shares',
        'views',
        'positive',
        'neutral',
        'negative',
      ],
      lang,
    ),
    rows: rows.map(({ name, ...row }) => ({ label: name, ...row })),
  };
}

export function comparisonTable(comparison: ProtectedComparison, lang: ExportLang): ExportTable {
  const { current, previous } = comparison;
  const rows: Record<string, Cell>[] = [
    { measure: 'from', current: current.from, previous: previous.from },
    { measure: 'to', current: current.to, previous: previous.to },
    { measure: 'volume', current: current.volume, previous: previous.volume },
  ];
  for (const kind of ['positive', 'neutral', 'negative'] as const) {
    rows.push({
      measure: `share:${kind}`,
      current: round(current.sentiment.shares?.[kind]),
      previous: round(previous.sentiment.shares?.[kind]),
    });
  }
  rows.push({
    measure: 'net',
    current: round(current.sentiment.net),
    previous: round(previous.sentiment.net),
  });
  const terms = new Map<string, [number, number]>();
  for (const t of current.terms) terms.set(t.term, [t.count, 0]);
  for (const t of previous.terms) terms.set(t.term, [terms.get(t.term)?.[0] ?? 0, t.count]);
  for (const [term, [now, before]] of terms)
    rows.push({ measure: `term:${term}`, current: now, previous: before });
  const sources = new Map<string, [string, number, number]>();
  for (const s of current.sources) sources.set(s.key, [s.label ?? s.key, s.count, 0]);
  for (const s of previous.sources) {
    const seen = sources.get(s.key);
    sources.set(s.key, [s.label ?? s.key, seen?.[1] ?? 0, s.count]);
  }
  for (const [, [label, now, before]] of sources)
    rows.push({ measure: `source:${label}`, current: now, previous: before });
  return { name: 'comparison', columns: columns(['measure', 'current', 'previous'], lang), rows };
}
