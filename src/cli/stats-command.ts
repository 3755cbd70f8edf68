// nghe stats TOPIC: the dashboard's figures for one topic, from the roll-ups. Reads are
// audited like API reads, with the operating-system user as actor.
import type { Command } from 'commander';
import { cliActor } from '../audit/cli-usage.js';
import type { CountRow, MentionFilter, SentimentShare, TermRow } from '../store/listening-store.js';
import { isCorrected } from '../store/share-estimate.js';
import { checkTimeZone, DEFAULT_ZONE, dayRange } from './day-range.js';
import { resolveTopic } from './topics-command.js';
import { withStore } from './with-app.js';

const DAY_MS = 86_400_000;
const DAYS_SHOWN = 14;

export interface TopicStats {
  topic: { id: number; name: string; query: string };
  from: string | null;
  to: string | null;
  volume: number;
  sentiment: SentimentShare;
  topTerms: TermRow[];
  topSources: CountRow[];
  platforms: CountRow[];
  languages: CountRow[];
  /** The last 14 days (in --tz, Asia/Ho_Chi_Minh by default) up to `to` or now, oldest first. */
  daily: { day: string; count: number }[];
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function range([low, high]: [number, number]): string {
  return `${Math.round(low * 100)}–${Math.round(high * 100)} %`;
}

const signed = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(2)}`;

/** The sentiment lines of the report: estimated shares with intervals, then how. */
export function sentimentLines(s: SentimentShare): string[] {
  const counts = s.classifiedCounts;
  const classified =
    `classified counts (predicted labels): ${counts.positive} positive, ${counts.neutral} ` +
    `neutral, ${counts.negative} negative` +
    (s.unknown > 0 ? `; ${s.unknown} without sentiment` : '');
  if (s.shares === null || s.intervals === null) {
    return [
      `sentiment: too few posts to estimate shares (${s.n} with a sentiment)`,
      `  ${classified}`,
    ];
  }
  const level = Math.round(s.level * 100);
  const shares = (['positive', 'neutral', 'negative'] as const)
    .map((key) => `${key} ${percent(s.shares![key])} (${range(s.intervals![key])})`)
    .join(', ');
  const net =
    s.net === null || s.netInterval === null
      ? ''
      : `, net ${signed(s.net)} (${signed(s.netInterval[0])} to ${signed(s.netInterval[1])})`;
  const how = isCorrected(s.method)
    ? `corrected for the classifier's measured errors (${s.method})`
    : `as the mean of their class probabilities (${s.method}; no measured errors to correct)`;
  const old =
    s.labelsOnly > 0
      ? `; ${s.labelsOnly} analysed before class probabilities were kept count by their label`
      : '';
  return [
    `sentiment: ${shares}${net}${s.sufficient ? '' : ' — too few posts to rely on'}`,
    `  estimated from ${s.n} posts, ${how}; ${level} % intervals${old}`,
    `  ${classified}`,
  ];
}

function rows(
  title: string,
  list: { key?: string; term?: string; label?: string | null; count: number }[],
): string[] {
  if (list.length === 0) return [`${title}: none`];
  return [
    `${title}:`,
    ...list.map((r) => `  ${String(r.count).padStart(8)}  ${r.label ?? r.key ?? r.term}`),
  ];
}

export function registerStatsCommand(program: Command): void {
  program
    .command('stats <topic>')
    .description('volume, sentiment, top terms and sources of a topic (id or name)')
    .option('--since <date>', 'from this day (inclusive), or an ISO 8601 instant')
    .option('--until <date>', 'up to and including this day, or up to an ISO 8601 instant')
    .option('--tz <zone>', 'the time zone days are read and counted in', DEFAULT_ZONE)
    .option('--json', 'print JSON')
    .action(
      async (
        idOrName: string,
        options: { since?: string; until?: string; tz: string; json?: boolean },
      ) => {
        const timeZone = checkTimeZone(options.tz);
        const { from, to } = dayRange(options.since, options.until, timeZone);
        await withStore(async (store) => {
          const topic = await resolveTopic(store, idOrName);
          const filter: MentionFilter = { topicId: topic.id, from, to };
          const sentiment = await store.sentimentShare(filter);
          const end = to === undefined ? Date.now() : Date.parse(to);
          const series = await store.series({
            topicId: topic.id,
            interval: 'day',
            timeZone,
            from: new Date(end - DAYS_SHOWN * DAY_MS).toISOString(),
            to: new Date(end).toISOString(),
          });
          const stats: TopicStats = {
            topic: { id: topic.id, name: topic.name, query: topic.query },
            from: from ?? null,
            to: to ?? null,
            volume: sentiment.total,
            sentiment,
            topTerms: await store.topTerms(filter, 10),
            topSources: await store.breakdown('source', filter, 10),
            platforms: await store.breakdown('platform', filter, 10),
            languages: await store.breakdown('lang', filter, 10),
            daily: series.slice(-DAYS_SHOWN).map((p) => ({ day: p.t, count: p.total })),
          };
          await store.appendAudit({
            actor: cliActor(),
            action: 'cli.stats',
            detail: JSON.stringify({ topic: topic.id, from: from ?? null, to: to ?? null }),
            resultCount: stats.volume,
          });
          if (options.json) {
            console.log(JSON.stringify(stats, null, 2));
            return;
          }
          // Buckets start at midnight in the zone, which is another UTC date east of Greenwich.
          const localDay = new Intl.DateTimeFormat('en-CA', { timeZone });
          const lines = [
            `#${topic.id} ${topic.name}: ${stats.volume} mentions` +
              (from || to ? ` (${from ?? '…'} to ${to ?? '…'})` : ''),
            ...sentimentLines(stats.sentiment),
            ...rows('top terms', stats.topTerms),
            ...rows('top sources', stats.topSources),
            ...rows('platforms', stats.platforms),
            ...rows('languages', stats.languages),
            'last 14 days:',
            ...stats.daily.map((d) => `  ${localDay.format(new Date(d.day))}  ${d.count}`),
          ];
          for (const line of lines) console.log(line);
        });
      },
    );
}
