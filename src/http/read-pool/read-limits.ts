// Bounds on what one read may ask, checked before it reaches the store, each refused with a
// 400 that states the bound: dates inside a fixed range, a series of at most MAX_SERIES_BUCKETS
// buckets, and a query of bounded cost (words per phrase, words in all, OR branches, prefixes).
import type { QueryNode } from '../../query/ast.js';
import { parseQuery } from '../../query/parse.js';
import { tokenize } from '../../query/tokenize.js';
import type { Interval, MentionFilter } from '../../store/listening-store.js';
import { HttpError } from '../api-error.js';

export const EARLIEST_DATE = '1900-01-01T00:00:00.000Z';
export const LATEST_DATE = '2200-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_DATE);
const LATEST_MS = Date.parse(LATEST_DATE);
export const MAX_SERIES_BUCKETS = 20_000;

export const QUERY_BOUNDS = {
  /** Words in one phrase, NEAR group or hyphenated term. */
  phraseWords: 16,
  /** Words in the whole query. */
  words: 64,
  /** Alternatives across every OR of the query. */
  orBranches: 32,
  /** Prefix terms (`ngập*`), each of which expands to many index entries. */
  prefixes: 8,
} as const;

const HOUR_MS = 3_600_000;
const BUCKET_HOURS: Record<Interval, number> = { hour: 1, day: 24, week: 168 };

/** Refuses a `from` or `to` outside EARLIEST_DATE..LATEST_DATE. */
export function checkDateRange(filter: Pick<MentionFilter, 'from' | 'to'>): void {
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    const ms = Date.parse(value);
    if (Number.isNaN(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
      throw new HttpError(
        400,
        `${field}: ${value} is outside the allowed range ${EARLIEST_DATE.slice(0, 10)} to ${LATEST_DATE.slice(0, 10)}`,
        {
          field,
          code: 'date_out_of_range',
          params: {
            field,
            value,
            earliest: EARLIEST_DATE.slice(0, 10),
            latest: LATEST_DATE.slice(0, 10),
          },
        },
      );
    }
  }
}

/** Refuses a series whose asked range holds more than MAX_SERIES_BUCKETS buckets. */
export function checkSeriesSize(options: MentionFilter & { interval: Interval }): void {
  checkDateRange(options);
  if (options.from === undefined || options.to === undefined) return;
  const hours = (Date.parse(options.to) - Date.parse(options.from)) / HOUR_MS;
  const buckets = Math.ceil(hours / BUCKET_HOURS[options.interval]);
  if (buckets > MAX_SERIES_BUCKETS) {
    throw new HttpError(
      400,
      `from: the range holds ${buckets} ${options.interval} buckets; the limit is ${MAX_SERIES_BUCKETS}: narrow the range or use a longer interval`,
      { field: 'from' },
    );
  }
}

interface Cost {
  words: number;
  orBranches: number;
  prefixes: number;
  longestPhrase: number;
}

function measure(node: QueryNode, cost: Cost): void {
  switch (node.kind) {
    case 'term':
    case 'phrase': {
      const words = tokenize(node.text).length;
      cost.words += words;
      cost.longestPhrase = Math.max(cost.longestPhrase, words);
      if (node.prefix) cost.prefixes++;
      return;
    }
    case 'near': {
      let words = 0;
      for (const operand of node.operands) {
        const before = cost.words;
        measure(operand, cost);
        words += cost.words - before;
      }
      cost.longestPhrase = Math.max(cost.longestPhrase, words);
      return;
    }
    case 'field':
    case 'not':
      measure(node.child, cost);
      return;
    case 'or':
      cost.orBranches += node.children.length;
      for (const child of node.children) measure(child, cost);
      return;
    case 'and':
      for (const child of node.children) measure(child, cost);
      return;
  }
}

/** The cost of query texts measured before: a search asked again is not parsed again here. */
const knownCosts = new Map<string, Readonly<Cost>>();
const KNOWN_COSTS = 1000;

function costOf(query: string): Readonly<Cost> {
  const known = knownCosts.get(query);
  if (known) return known;
  const cost: Cost = { words: 0, orBranches: 0, prefixes: 0, longestPhrase: 0 };
  measure(parseQuery(query), cost);
  if (knownCosts.size >= KNOWN_COSTS) knownCosts.clear();
  knownCosts.set(query, cost);
  return cost;
}

/** Refuses a query-language text past QUERY_BOUNDS (after it parses), naming the bound. */
export function checkQueryCost(query: string, field = 'q'): void {
  const cost = costOf(query);
  const over = (what: string) => new HttpError(400, `${field}: ${what}`, { field });
  const b = QUERY_BOUNDS;
  if (cost.longestPhrase > b.phraseWords) {
    throw over(
      `a phrase has ${cost.longestPhrase} words; the limit is ${b.phraseWords} per phrase`,
    );
  }
  if (cost.words > b.words) {
    throw over(`the query has ${cost.words} words; the limit is ${b.words}`);
  }
  if (cost.orBranches > b.orBranches) {
    throw over(`the query has ${cost.orBranches} OR alternatives; the limit is ${b.orBranches}`);
  }
  if (cost.prefixes > b.prefixes) {
    throw over(`the query has ${cost.prefixes} prefix terms; the limit is ${b.prefixes}`);
  }
}
