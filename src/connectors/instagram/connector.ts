// An Instagram professional account through the Graph API (Instagram API with Facebook Login):
// the account's own media with their comments and replies, or a hashtag's recent or top public
// media. Hashtag search allows 30 distinct hashtags per account in a rolling 7 days: each
// hashtag is accounted in the store before it is searched, one already searched in the window
// costs nothing, and a 31st waits with its reason without a call. Calls count against the
// credential's budget and usage headers stop collection before Meta throttles (see
// ../facebook/connector-graph.ts); what was read before a stop is kept.
import type { CollectedMention, Source } from '../../model.js';
import { readOrQuarantine } from '../api-call.js';
import { MissingCredentialError, QuarantinedResponseError } from '../collect-errors.js';
import type { CollectContext, CollectResult, Connector } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import {
  GraphGoneError,
  type GraphSession,
  graphGet,
  nextCursor,
  openGraphSession,
} from '../facebook/connector-graph.js';
import { graphResult, keepReadOnStop, leaseGraphCalls } from '../facebook/graph-collection.js';
import { keepGraphTokenFresh } from '../facebook/graph-token.js';
import { array, count, isObject, type JsonObject, str, text } from '../social/json-fields.js';
import { parseInstagram } from './parse-instagram.js';
import { instagramCredential } from './recognise-url.js';

const GRAPH_API_BASE_URL = 'https://graph.facebook.com/v25.0';
const MEDIA_PER_PAGE = 25;
const MAX_MEDIA_PAGES = 2;
/** Hashtag edges answer at most 50 media a page. */
const HASHTAG_MEDIA_PER_PAGE = 50;
const MAX_HASHTAG_PAGES = 3;
const COMMENTS_PER_PAGE = 50;
const MAX_COMMENT_PAGES = 5;

const MEDIA_FIELDS = [
  'id',
  'caption',
  'media_type',
  'media_product_type',
  'permalink',
  'timestamp',
  'like_count',
  'comments_count',
  'username',
  'owner',
].join(',');
const HASHTAG_MEDIA_FIELDS = [
  'id',
  'caption',
  'media_type',
  'permalink',
  'timestamp',
  'like_count',
  'comments_count',
].join(',');
const COMMENT_FIELDS = [
  'id',
  'text',
  'timestamp',
  'from',
  'like_count',
  'hidden',
  'parent_id',
  'replies{id,text,timestamp,from,like_count,hidden,parent_id}',
].join(',');

interface InstagramCursor {
  /** A hashtag's node id, from `ig_hashtag_search`. */
  hashtagId?: string;
  /** The newest hashtag media read, so a collection stops where the last one began. */
  newest?: string;
  /** The account's media and the comment count when their comments were last read. */
  comments?: Record<string, number>;
}

function readCursor(source: Source): InstagramCursor {
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as unknown) : {};
    return isObject(value) ? (value as InstagramCursor) : {};
  } catch {
    return {};
  }
}

interface Collection {
  session: GraphSession;
  accountId: string;
  mentions: CollectedMention[];
  warnings: string[];
  cursor: InstagramCursor;
}

function quarantine(url: string, body: string, reason: string): QuarantinedResponseError {
  return new QuarantinedResponseError(`instagram: ${reason}`, url, body);
}

async function readList(
  run: Collection,
  nodePath: string,
  params: Record<string, string>,
): Promise<{ items: JsonObject[]; after: string | null }> {
  const answer = await graphGet(run.session, nodePath, params);
  if (!Array.isArray(answer.json.data)) {
    throw quarantine(answer.url, answer.body, `an answer of ${nodePath} without "data"`);
  }
  run.mentions.push(
    ...readOrQuarantine(answer.url, answer.body, (b) => parseInstagram(b, { url: answer.url })),
  );
  return { items: array(answer.json.data).filter(isObject), after: nextCursor(answer.json) };
}

/** Accounts the hashtag before it is searched; a new one past the allowance pauses here. */
function accountHashtag(lease: CredentialLease, hashtag: string): void {
  if (lease.spendOnce) lease.spendOnce('hashtags', hashtag);
  else lease.spend('hashtags', 1);
}

async function collectHashtag(run: Collection, source: Source): Promise<void> {
  const hashtag = str(source.settings.hashtag)?.replace(/^#/, '').normalize('NFC').toLowerCase();
  if (!hashtag || !/^[\p{L}\p{N}_]{1,100}$/u.test(hashtag)) {
    throw new Error(`Instagram source #${source.id} has no hashtag to search`);
  }
  const edge = source.settings.edge === 'top' ? 'top_media' : 'recent_media';
  accountHashtag(run.session.lease, hashtag);
  if (!run.cursor.hashtagId) {
    const answer = await graphGet(run.session, 'ig_hashtag_search', {
      user_id: run.accountId,
      q: hashtag,
    });
    const id = str(array(answer.json.data).filter(isObject)[0]?.id);
    if (id === null) throw new Error(`Instagram finds no hashtag #${hashtag}`);
    run.cursor.hashtagId = id;
  }
  const seen = new Set<string>();
  const since = run.cursor.newest ? Date.parse(run.cursor.newest) : Number.NaN;
  let newest = run.cursor.newest ?? null;
  let after: string | null = null;
  for (let page = 0; page < MAX_HASHTAG_PAGES; page++) {
    const params: Record<string, string> = {
      user_id: run.accountId,
      fields: HASHTAG_MEDIA_FIELDS,
      limit: String(HASHTAG_MEDIA_PER_PAGE),
    };
    if (after) params.after = after;
    const { items, after: next } = await readList(run, `${run.cursor.hashtagId}/${edge}`, params);
    // The `after` cursor has the same value on every page: a page of nothing new is the end.
    const fresh = items.filter((item) => {
      const id = str(item.id);
      if (id === null || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const times = fresh.map((item) => str(item.timestamp)).filter((t): t is string => t !== null);
    for (const time of times) if (!newest || Date.parse(time) > Date.parse(newest)) newest = time;
    const reachedRead = edge === 'recent_media' && times.some((t) => Date.parse(t) <= since);
    after = next;
    if (fresh.length === 0 || reachedRead || !after) break;
  }
  if (edge === 'recent_media' && newest) run.cursor.newest = newest;
}

async function collectAccount(run: Collection, source: Source): Promise<void> {
  const wanted = str(source.settings.username);
  if (wanted) {
    const account = await graphGet(run.session, run.accountId, { fields: 'id,username' });
    const own = text(account.json.username);
    if (own && own.toLowerCase() !== wanted.toLowerCase()) {
      throw new Error(
        `Instagram source #${source.id}: the credential is for another account; nghe reads the media and comments of the credential's own professional account only`,
      );
    }
  }
  const media: JsonObject[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_MEDIA_PAGES; page++) {
    const params: Record<string, string> = { fields: MEDIA_FIELDS, limit: String(MEDIA_PER_PAGE) };
    if (after) params.after = after;
    const list = await readList(run, `${run.accountId}/media`, params);
    media.push(...list.items);
    after = list.after;
    if (!after) break;
  }
  const known = run.cursor.comments ?? {};
  const listed: Record<string, number> = {};
  run.cursor.comments = listed;
  for (const item of media) {
    const id = str(item.id);
    const total = count(item.comments_count);
    if (id === null) continue;
    if (known[id] !== undefined) listed[id] = known[id];
    if (total === 0 || (total !== null && known[id] === total)) continue;
    try {
      let commentsAfter: string | null = null;
      let page = 0;
      for (; page < MAX_COMMENT_PAGES; page++) {
        const params: Record<string, string> = {
          fields: COMMENT_FIELDS,
          limit: String(COMMENTS_PER_PAGE),
        };
        if (commentsAfter) params.after = commentsAfter;
        commentsAfter = (await readList(run, `${id}/comments`, params)).after;
        if (!commentsAfter) break;
      }
      if (page < MAX_COMMENT_PAGES) listed[id] = total ?? 0;
    } catch (error) {
      if (!(error instanceof GraphGoneError)) throw error;
      run.warnings.push(`Instagram media ${id} was deleted before its comments were read`);
      delete listed[id];
    }
  }
}

export const instagramConnector: Connector = {
  kind: 'instagram',
  description:
    'Instagram Graph API (professional account): its media with comments, or a hashtag’s public media',
  endpoints: { apiBaseUrl: GRAPH_API_BASE_URL },
  credential: instagramCredential,
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    const lease = leaseGraphCalls(
      context,
      'Instagram needs a token and a professional account id: nghe credentials add instagram',
    );
    const accountId = lease.secrets.accountId ?? '';
    if (!/^\d+$/.test(accountId)) {
      throw new MissingCredentialError(
        `Instagram credential #${lease.id} "${lease.label}" has no professional account id (accountId)`,
      );
    }
    const run: Collection = {
      session: openGraphSession('instagram', context, lease, GRAPH_API_BASE_URL),
      accountId,
      mentions: [],
      warnings: [],
      cursor: readCursor(source),
    };
    const before = JSON.stringify(run.cursor);
    const follow = source.settings.follow;
    try {
      run.warnings.push(...(await keepGraphTokenFresh(run.session)));
      if (follow === 'hashtag') await collectHashtag(run, source);
      else if (follow === 'account') await collectAccount(run, source);
      else {
        throw new Error(
          `Instagram source #${source.id} follows nothing nghe reads (settings.follow "${String(follow)}")`,
        );
      }
    } catch (error) {
      keepReadOnStop(error, run);
      // Hashtag media newer than those read are read next time: the cursor does not move.
      if (follow === 'hashtag')
        run.cursor = { ...JSON.parse(before), hashtagId: run.cursor.hashtagId };
    }
    return graphResult(source, run, source.title, run.cursor);
  },
};
