// What each platform's official interface lets nghe see and what it cannot, in one short line
// each, so that no figure is read as "all of Facebook"; and, for a period and the sources that
// covered it, what that means for the period: how far back a source added in it could reach
// and which recent days a platform fills in late. The long form is each platform module's
// `eligibility`; this is the statement reports, lists and pages print next to figures.
import type { Platform, Source, SourceKind } from '../model.js';

export interface CoverageDeclaration {
  sees: string;
  cannotSee: string;
  /** How far before a source was added its interface reaches; null when it reads back freely. */
  reachBackDays: number | null;
  /** How long the platform may take to make an item readable; 0 when at once. */
  lagDays: number;
}

export const PLATFORM_COVERAGE: Readonly<Record<Platform, CoverageDeclaration>> = {
  web: {
    sees: 'articles that outlets publish in their feeds, news sitemaps and article pages',
    cannotSee: 'text behind a paywall or a login, and readers’ comments',
    reachBackDays: null,
    lagDays: 0,
  },
  youtube: {
    sees: 'public videos, their statistics, and their public comments and replies',
    cannotSee:
      'private videos, videos with comments turned off, comments held for review, and searches past about 100 a day',
    reachBackDays: null,
    lagDays: 0,
  },
  reddit: {
    sees: 'posts and comments of public subreddits, search results and comment trees',
    cannotSee: 'private subreddits, NSFW content, and the text of deleted or removed items',
    reachBackDays: null,
    lagDays: 0,
  },
  x: {
    sees: 'posts of the last 7 days matching a search, and posts matching the stream rules while connected',
    cannotSee:
      'posts older than 7 days when a source was added, posts made while the stream was disconnected, deleted and protected posts, and anything past the read budget; never all of X',
    reachBackDays: 7,
    lagDays: 0,
  },
  facebook: {
    sees: 'posts, visitor posts, comments and replies of Pages whose token you hold, or of public Pages your app is approved to read',
    cannotSee:
      'personal profiles, groups, Pages you neither manage nor are approved for, and comments of posts older than the source’s window (7 days unless set)',
    reachBackDays: 7,
    lagDays: 0,
  },
  instagram: {
    sees: 'the professional account’s own media with comments, and public media of the hashtags it searched',
    cannotSee:
      'personal accounts, private media, others’ stories, who posted hashtag media, and more than 30 hashtags per account in 7 days',
    reachBackDays: null,
    lagDays: 0,
  },
  tiktok: {
    sees: 'public videos of creators aged 18 and over matched by a Research API query, and their comments',
    cannotSee:
      'private accounts, creators under 18, videos of roughly the last 2 days (not yet in the research archive) and anything past 1,000 requests a day',
    reachBackDays: null,
    lagDays: 2,
  },
  bluesky: {
    sees: 'every public post as it is made (the firehose), and keyword search with an account',
    cannotSee:
      'posts made while nghe was disconnected for more than about 36 hours, and deleted posts',
    reachBackDays: 1.5,
    lagDays: 0,
  },
  mastodon: {
    sees: 'public statuses that reached the instance you point at, with their replies',
    cannotSee: 'statuses that never reached that instance, followers-only and direct posts',
    reachBackDays: null,
    lagDays: 0,
  },
  telegram: {
    sees: 'public channels through their web preview, and channels and groups your bot is a member of',
    cannotSee: 'private channels and groups, comments, and channels whose preview is turned off',
    reachBackDays: null,
    lagDays: 0,
  },
  zalo: {
    sees: 'messages the followers of your own Official Account send it, and that OA’s articles',
    cannotSee:
      'personal accounts, groups, other OAs, article comments, and messages sent before the webhook was set up',
    reachBackDays: 0,
    lagDays: 0,
  },
  import: {
    sees: 'exactly the rows of the files you imported',
    cannotSee: 'anything the exporting tool left out; imports are not refreshed',
    reachBackDays: null,
    lagDays: 0,
  },
};

const WEB_KINDS: ReadonlySet<SourceKind> = new Set(['feed', 'sitemap', 'article']);

export function platformOfSourceKind(kind: SourceKind): Platform {
  return WEB_KINDS.has(kind) ? 'web' : (kind as Platform);
}

/** One line: `X: sees …; cannot see …`. */
export function coverageLine(platform: Platform): string {
  const d = PLATFORM_COVERAGE[platform];
  return `${platform}: sees ${d.sees}; cannot see ${d.cannotSee}`;
}

export interface PeriodCoverage {
  platform: Platform;
  sees: string;
  cannotSee: string;
  /** What the period's sources and dates mean for this platform's figures, in plain lines. */
  notes: string[];
}

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The coverage statement of `platforms` (those of `sources` when not given) over [from, to):
 * each platform's declaration, and notes where a source was added too late to reach the start
 * of the period or where the period's last days are not yet complete on the platform.
 */
export function coverageForPeriod(input: {
  from: string;
  to: string;
  sources: readonly Pick<Source, 'id' | 'kind' | 'title' | 'url' | 'createdAt'>[];
  platforms?: readonly Platform[];
  now?: Date;
}): PeriodCoverage[] {
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  const now = (input.now ?? new Date()).getTime();
  const platforms = input.platforms ?? [
    ...new Set(input.sources.map((s) => platformOfSourceKind(s.kind))),
  ];
  return [...new Set(platforms)].sort().map((platform) => {
    const d = PLATFORM_COVERAGE[platform];
    const notes: string[] = [];
    const sources = input.sources.filter((s) => platformOfSourceKind(s.kind) === platform);
    if (sources.length === 0) notes.push('no source of this platform was followed');
    for (const source of sources) {
      if (d.reachBackDays === null) continue;
      const reach = Date.parse(source.createdAt) - d.reachBackDays * DAY_MS;
      if (reach > from) {
        notes.push(
          `${source.title ?? source.url} (#${source.id}) was added on ${day(Date.parse(source.createdAt))} and its interface reaches back ${d.reachBackDays} days: nothing before ${day(reach)} of this period was seen`,
        );
      }
    }
    if (d.lagDays > 0 && to > now - d.lagDays * DAY_MS) {
      notes.push(
        `items appear on ${platform} up to ${d.lagDays} days late: figures after ${day(now - d.lagDays * DAY_MS)} are not complete yet`,
      );
    }
    return { platform, sees: d.sees, cannotSee: d.cannotSee, notes };
  });
}
