// Answers of the figure routes kept in memory per (route, unit, validated query, data version):
// the same figure asked again before the data changed is sent as it was, after the small-group
// rule, without reading the store or counting persons again. Every request is still audited:
// the audit rows the first answer wrote are written again for each request that reuses it, with
// its own actor. Only routes whose answer follows from the query and the roll-ups are kept
// (FIGURE_ROUTES); trending (windows relative to now), share of voice (topic names) and every
// list of mentions are always computed. A change made through the API moves the version too. An
// answer older than `maxAgeMs` (10 s) is read again even when the version has not moved (a
// retention pass or a re-analysis moves no id and announces nothing): the request that finds
// it so is answered with it while one refresh runs, so an answer is at most `maxAgeMs` plus one
// computation old.
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
  /** Called after a change through the API succeeded (an erasure, a topic edit): moves the version. */
  changed?: () => void;
  maxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Kept {
  /** The answer's bytes, sent as they are: no serialising or encoding per request. */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  audits: [detail: unknown, resultCount: number | null][];
}

interface Entry {
  version: string;
  at: number;
  answer: Promise<Kept | null>;
  /** The answer once it is there. */
  kept: Kept | null;
  /** A refresh of this answer is running. */
  refreshing: boolean;
}

type AnyContext = RouteContext<unknown, unknown, unknown>;
type Handle = (ctx: AnyContext) => Response | Promise<Response>;

export interface FigureAnswers {
  answer(route: Route, ctx: AnyContext, handle: Handle): Promise<Response>;
  stats(): { hits: number; misses: number; entries: number };
}

export function figureAnswers(options: FigureAnswersOptions): FigureAnswers {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 2000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const counts = { hits: 0, misses: 0 };

  const replay = async (ctx: AnyContext, kept: Kept): Promise<Response> => {
    for (const [detail, resultCount] of kept.audits) await ctx.audit(detail, resultCount);
    return ctx.c.body(kept.body, 200, { 'Content-Type': kept.contentType });
  };

  /**
   * Runs the handler and keeps its 200 answer under `key`. `audited`: the request's own audit
   * rows are written as the handler asks (false for a refresh, whose request was answered and
   * audited from the answer kept before).
   */
  const compute = async (
    key: string,
    version: string,
    ctx: AnyContext,
    handle: Handle,
    audited: boolean,
  ): Promise<Response> => {
    const audits: Kept['audits'] = [];
    let settle: (kept: Kept | null) => void = () => {};
    const entry: Entry = {
      version,
      at: now(),
      answer: new Promise<Kept | null>((resolve) => {
        settle = resolve;
      }),
      kept: null,
      refreshing: false,
    };
    const previous = entries.get(key);
    // A refresh leaves the answer it replaces in place until it has its own.
    if (audited || !previous) {
      entries.delete(key);
      entries.set(key, entry);
    }
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    const drop = () => {
      settle(null);
      const current = entries.get(key);
      if (current === entry || current === previous) entries.delete(key);
    };
    try {
      const response = await handle({
        ...ctx,
        audit: (detail, resultCount) => {
          audits.push([detail, resultCount]);
          return audited ? ctx.audit(detail, resultCount) : Promise.resolve();
        },
      });
      if (response.status !== 200) {
        drop();
        return response;
      }
      const body = new Uint8Array(await response.clone().arrayBuffer());
      const contentType = response.headers.get('Content-Type') ?? 'application/json';
      entry.kept = { body, contentType, audits };
      settle(entry.kept);
      if (!audited && entries.get(key) === previous) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return response;
    } catch (error) {
      drop();
      throw error;
    }
  };

  return {
    async answer(route, ctx, handle) {
      if (route.method !== 'get') {
        const response = await handle(ctx);
        if (response.status < 400) options.changed?.();
        return response;
      }
      if (!FIGURE_ROUTES.has(route.id)) return handle(ctx);
      const key = `${route.id}\u0000${ctx.principal?.unit.id ?? ''}\u0000${JSON.stringify(ctx.query)}`;
      const version = options.version();
      const entry = entries.get(key);
      if (entry && entry.version === version) {
        if (now() - entry.at <= maxAgeMs) {
          const kept = await entry.answer;
          if (kept) {
            counts.hits++;
            return replay(ctx, kept);
          }
          // The answer it waited for failed or was not a 200: this request asks for itself.
          return handle(ctx);
        }
        if (entry.kept) {
          // Past its age with the data unchanged as far as the version shows: answered as it
          // was while one refresh reads it again, so no request waits for the store.
          if (!entry.refreshing) {
            entry.refreshing = true;
            void compute(key, version, ctx, handle, false).catch(() => {});
          }
          counts.hits++;
          return replay(ctx, entry.kept);
        }
      }
      counts.misses++;
      return compute(key, version, ctx, handle, true);
    },
    stats: () => ({ ...counts, entries: entries.size }),
  };
}
