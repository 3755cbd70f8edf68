// Answers of the figure routes kept in memory per (route, unit, validated query, data version):
// the same figure asked again before the data changed is sent as it was, after the small-group
// rule, without reading the store or counting persons again. Every request is still audited:
// the audit rows the first answer wrote are written again for each request that reuses it, with
// its own actor. Only routes whose answer follows from the query and the roll-ups are kept
// (FIGURE_ROUTES); trending (windows relative to now), share of voice (topic names) and every
// list of mentions are always computed. No answer outlives `maxAgeMs`, whatever the version.
import type { Route, RouteContext } from './route.js';

/** Routes whose 200 answers are kept. */
export const FIGURE_ROUTES: ReadonlySet<string> = new Set([
  'analyticsSeries',
  'analyticsSentiment',
  'analyticsBreakdown',
  'analyticsTerms',
  'analyticsSpikes',
]);

export interface FigureAnswersOptions {
  /** The data version now (read-pool/figures-version.ts). */
  version(): string;
  maxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Kept {
  body: string;
  contentType: string;
  audits: [detail: unknown, resultCount: number | null][];
}

interface Entry {
  version: string;
  at: number;
  answer: Promise<Kept | null>;
}

type AnyContext = RouteContext<unknown, unknown, unknown>;
type Handle = (ctx: AnyContext) => Response | Promise<Response>;

export interface FigureAnswers {
  answer(route: Route, ctx: AnyContext, handle: Handle): Promise<Response>;
  stats(): { hits: number; misses: number; entries: number };
}

export function figureAnswers(options: FigureAnswersOptions): FigureAnswers {
  const maxAgeMs = options.maxAgeMs ?? 2000;
  const maxEntries = options.maxEntries ?? 2000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const counts = { hits: 0, misses: 0 };

  const replay = async (ctx: AnyContext, kept: Kept): Promise<Response> => {
    for (const [detail, resultCount] of kept.audits) await ctx.audit(detail, resultCount);
    return ctx.c.body(kept.body, 200, { 'Content-Type': kept.contentType });
  };

  return {
    async answer(route, ctx, handle) {
      if (!FIGURE_ROUTES.has(route.id)) return handle(ctx);
      const key = `${route.id}\u0000${ctx.principal?.unit.id ?? ''}\u0000${JSON.stringify(ctx.query)}`;
      const version = options.version();
      const at = now();
      const entry = entries.get(key);
      if (entry && entry.version === version && at - entry.at <= maxAgeMs) {
        const kept = await entry.answer;
        if (kept) {
          counts.hits++;
          return replay(ctx, kept);
        }
        // The answer it waited for failed or was not a 200: this request asks for itself.
        return handle(ctx);
      }
      counts.misses++;
      const audits: Kept['audits'] = [];
      let settle: (kept: Kept | null) => void = () => {};
      const answer = new Promise<Kept | null>((resolve) => {
        settle = resolve;
      });
      entries.delete(key);
      entries.set(key, { version, at, answer });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      try {
        const response = await handle({
          ...ctx,
          audit: (detail, resultCount) => {
            audits.push([detail, resultCount]);
            return ctx.audit(detail, resultCount);
          },
        });
        if (response.status !== 200) {
          settle(null);
          if (entries.get(key)?.answer === answer) entries.delete(key);
          return response;
        }
        const body = await response.clone().text();
        const contentType = response.headers.get('Content-Type') ?? 'application/json';
        settle({ body, contentType, audits });
        return response;
      } catch (error) {
        settle(null);
        if (entries.get(key)?.answer === answer) entries.delete(key);
        throw error;
      }
    },
    stats: () => ({ ...counts, entries: entries.size }),
  };
}
