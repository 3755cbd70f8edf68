// A Facebook Page through the Graph API with a Page access token (or a token approved for Page
// Public Content Access): the Page's posts of the last days and every comment and reply under
// them. Posts are read again on each collection (their engagement changes); a post's comments
// are read, newest first with `filter=stream` so replies come flat with their parent, only when
// its comment count changed, and only down to the newest comment read before. Each call counts
// against the credential's call budget and usage headers are read after each: collection stops
// at either limit, keeps what it read and says why; nothing is fetched past it.
import type { CollectedMention, Source } from '../../model.js';
import { readOrQuarantine } from '../api-call.js';
import { QuarantinedResponseError } from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import { array, count, isObject, type JsonObject, path, str, text } from '../social/json-fields.js';
import {
  GraphGoneError,
  type GraphSession,
  graphGet,
  nextCursor,
  openGraphSession,
} from './connector-graph.js';
import { graphResult, keepReadOnStop, leaseGraphCalls } from './graph-collection.js';
import { keepGraphTokenFresh } from './graph-token.js';
import { parseFacebook } from './parse-facebook.js';
import { facebookCredential } from './recognise-url.js';

export const GRAPH_API_BASE_URL = 'https://graph.facebook.com/v25.0';
/** Days of posts whose comments are followed, unless the source sets `days`. */
const DEFAULT_DAYS = 7;
const POSTS_PER_PAGE = 25;
const MAX_POST_PAGES = 4;
const COMMENTS_PER_PAGE = 100;
const MAX_COMMENT_PAGES = 10;

const POST_FIELDS = [
  'id',
  'created_time',
  'updated_time',
  'message',
  'message_tags',
  'story',
  'from',
  'permalink_url',
  'status_type',
  'shares',
  'attachments{type,title,url}',
  'reactions.summary(total_count).limit(0)',
  'comments.summary(total_count).limit(0)',
].join(',');

const COMMENT_FIELDS = [
  'id',
  'message',
  'message_tags',
  'created_time',
  'from',
  'like_count',
  'comment_count',
  'parent{id}',
  'is_hidden',
  'permalink_url',
].join(',');

/** What a post's comments were when last read: the newest one's time and the post's count. */
interface CommentsSeen {
  at: string | null;
  n: number;
}

interface FacebookCursor {
  /** The Page's numeric id, looked up once from the name the source was given. */
  pageId: string | null;
  comments: Record<string, CommentsSeen>;
}

function readCursor(source: Source): FacebookCursor {
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as Partial<FacebookCursor>) : {};
    return {
      pageId: typeof value.pageId === 'string' ? value.pageId : null,
      comments: isObject(value.comments) ? (value.comments as Record<string, CommentsSeen>) : {},
    };
  } catch {
    return { pageId: null, comments: {} };
  }
}

function pageOf(source: Source): string {
  const { follow, page } = source.settings;
  if (follow === 'page' && typeof page === 'string' && /^[A-Za-z0-9.]{1,50}$/.test(page)) {
    return page;
  }
  throw new Error(
    `Facebook source #${source.id} follows nothing nghe reads (settings.follow "${String(follow)}"; a Page is needed)`,
  );
}

function daysOf(source: Source): number {
  const days = Number(source.settings.days);
  return Number.isFinite(days) && days > 0 && days <= 90 ? days : DEFAULT_DAYS;
}

interface Collection {
  session: GraphSession;
  mentions: CollectedMention[];
  warnings: string[];
  cursor: FacebookCursor;
  title: string | null;
}

async function lookUpPage(run: Collection, page: string): Promise<string> {
  if (run.cursor.pageId && (page === run.cursor.pageId || !/^\d+$/.test(page))) {
    return run.cursor.pageId;
  }
  const answer = await graphGet(run.session, encodeURIComponent(page), { fields: 'id,name' });
  const id = str(answer.json.id);
  if (id === null) {
    throw new Error(`Facebook answered the Page "${page}" without an id`);
  }
  run.title = text(answer.json.name);
  run.cursor.pageId = id;
  return id;
}

/** The Page's posts of the window, newest first, with their comment counts. */
async function readPosts(run: Collection, pageId: string, since: Date): Promise<JsonObject[]> {
  const posts: JsonObject[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_POST_PAGES; page++) {
    const params: Record<string, string> = {
      fields: POST_FIELDS,
      limit: String(POSTS_PER_PAGE),
      since: String(Math.floor(since.getTime() / 1000)),
    };
    if (after) params.after = after;
    const answer = await graphGet(run.session, `${pageId}/posts`, params);
    if (!Array.isArray(answer.json.data)) {
      throw quarantine(answer.url, answer.body, 'a posts page without "data"');
    }
    const read = readOrQuarantine(answer.url, answer.body, (b) =>
      parseFacebook(b, { url: answer.url }),
    );
    run.mentions.push(...read);
    posts.push(...array(answer.json.data).filter(isObject));
    after = nextCursor(answer.json);
    if (!after) break;
  }
  return posts;
}

/** A post's comments newer than those read before; true when the read reached them or the end. */
async function readComments(run: Collection, postId: string, seen: CommentsSeen | undefined) {
  let after: string | null = null;
  let newest: string | null = null;
  for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
    const params: Record<string, string> = {
      fields: COMMENT_FIELDS,
      filter: 'stream',
      order: 'reverse_chronological',
      summary: 'true',
      limit: String(COMMENTS_PER_PAGE),
    };
    if (after) params.after = after;
    const answer = await graphGet(run.session, `${postId}/comments`, params);
    if (!Array.isArray(answer.json.data)) {
      throw quarantine(answer.url, answer.body, 'a comments page without "data"');
    }
    const read = readOrQuarantine(answer.url, answer.body, (b) =>
      parseFacebook(b, { url: answer.url }),
    );
    run.mentions.push(...read);
    const times = array(answer.json.data)
      .filter(isObject)
      .map((c) => str(c.created_time))
      .filter((t): t is string => t !== null);
    if (page === 0) newest = times[0] ?? seen?.at ?? null;
    const reachedSeen =
      seen?.at != null && times.some((t) => Date.parse(t) <= Date.parse(seen.at!));
    after = nextCursor(answer.json);
    if (reachedSeen || !after) return { done: true, newest };
  }
  run.warnings.push(
    `Facebook post ${postId}: stopped after ${MAX_COMMENT_PAGES} pages of comments; the rest follows next time`,
  );
  return { done: false, newest };
}

function quarantine(url: string, body: string, reason: string): QuarantinedResponseError {
  return new QuarantinedResponseError(`facebook: ${reason}`, url, body);
}

async function collectPage(run: Collection, source: Source): Promise<void> {
  const pageId = await lookUpPage(run, pageOf(source));
  const since = new Date(run.session.context.now().getTime() - daysOf(source) * 86_400_000);
  const posts = await readPosts(run, pageId, since);
  const inWindow = new Set<string>();
  for (const post of posts) {
    const id = str(post.id);
    if (id === null) continue;
    inWindow.add(id);
    const total = count(path(post, 'comments', 'summary', 'total_count'));
    const seen = run.cursor.comments[id];
    if (total === 0 || (total !== null && seen && seen.n === total)) continue;
    try {
      // The cursor moves post by post, so a collection stopped early resumes where it stopped.
      const { done, newest } = await readComments(run, id, seen);
      if (done) run.cursor.comments[id] = { at: newest, n: total ?? 0 };
    } catch (error) {
      if (!(error instanceof GraphGoneError)) throw error;
      // Deleted between the posts page and its comments: nothing more to read under it.
      run.warnings.push(`Facebook post ${id} was deleted before its comments were read`);
      inWindow.delete(id);
    }
  }
  // Posts that left the window are not read again.
  for (const id of Object.keys(run.cursor.comments)) {
    if (!inWindow.has(id)) delete run.cursor.comments[id];
  }
}

export const facebookConnector: Connector = {
  kind: 'facebook',
  description:
    'Facebook Graph API (Page access token): a Page’s posts with their comments and replies',
  endpoints: { apiBaseUrl: GRAPH_API_BASE_URL },
  credential: facebookCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const lease = leaseGraphCalls(
      context,
      'Facebook needs a Page access token: nghe credentials add facebook',
    );
    const run: Collection = {
      session: openGraphSession('facebook', context, lease, GRAPH_API_BASE_URL),
      mentions: [],
      warnings: [],
      cursor: readCursor(source),
      title: null,
    };
    try {
      run.warnings.push(...(await keepGraphTokenFresh(run.session)));
      await collectPage(run, source);
    } catch (error) {
      keepReadOnStop(error, run);
    }
    return graphResult(source, run, run.title ?? source.title, run.cursor);
  },
};
