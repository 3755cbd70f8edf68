// A YouTube conversation, social sources in each state a user must understand (a spent quota,
// a missing credential, a refused credential with a response set aside) and platform
// credentials, written through the store's own methods for the browser tests.
import type { CredentialHealth, MentionInput, Sentiment } from '../../src/model.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const HOUR_MS = 3_600_000;

export interface SeededComment {
  externalId: string;
  parent: string | null;
  /** 0 for the video, 1 for a comment, 2 for a reply … */
  depth: number;
  sentiment: Sentiment | null;
  deleted: boolean;
  text: string;
}

export interface SocialSeed {
  /** Stored ids by external id. */
  ids: Map<string, number>;
  rootExternalId: string;
  comments: SeededComment[];
  /** An orphan whose parent is not stored. */
  orphanExternalId: string;
  /** The video's engagement as observed over time, oldest first. */
  snapshots: { at: string; likes: number; comments: number; shares: number; views: number }[];
  /** Pseudonymous author keys, which the page must never show. */
  authorKeys: string[];
  sources: { quota: number; missing: number; refused: number };
  quotaResetAt: string;
  quarantineReason: string;
}

const ROOT = 'yt-video-ngap';
const COMMENTS: SeededComment[] = [
  {
    externalId: 'yt-c1',
    parent: ROOT,
    depth: 1,
    sentiment: 'negative',
    deleted: false,
    text: 'Khu Rạch Chiếc ngập tới đầu gối từ sáng, xe chết máy hàng loạt.',
  },
  {
    externalId: 'yt-c1-r1',
    parent: 'yt-c1',
    depth: 2,
    sentiment: 'positive',
    deleted: false,
    text: 'Chiều nay nước rút rồi, đi lại ổn hơn nhiều.',
  },
  {
    externalId: 'yt-c2',
    parent: ROOT,
    depth: 1,
    sentiment: 'neutral',
    deleted: true,
    text: 'Bình luận này sẽ bị xoá.',
  },
  {
    externalId: 'yt-c3',
    parent: ROOT,
    depth: 1,
    sentiment: 'neutral',
    deleted: false,
    text: 'Có ai biết lịch triều cường tuần sau không?',
  },
  {
    externalId: 'yt-c3-r1',
    parent: 'yt-c3',
    depth: 2,
    sentiment: 'neutral',
    deleted: false,
    text: 'Đài khí tượng báo đỉnh triều vào thứ năm.',
  },
  {
    externalId: 'yt-c3-r1-r1',
    parent: 'yt-c3-r1',
    depth: 3,
    sentiment: 'positive',
    deleted: false,
    text: 'Cảm ơn, tôi sẽ về sớm hôm đó.',
  },
];

function base(now: Date, overrides: Partial<MentionInput>): MentionInput {
  return {
    platform: 'youtube',
    canonicalUrl: null,
    externalId: 'x',
    author: null,
    publishedAt: now.toISOString(),
    collectedAt: now.toISOString(),
    language: 'vi',
    title: null,
    text: '',
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: null,
    ...overrides,
  };
}

const analysis = (sentiment: Sentiment | null) =>
  sentiment ? { lang: 'vi', sentiment, sentimentConfidence: 0.9, keywords: [] } : null;

export async function seedSocial(store: SqliteStore, now: Date): Promise<SocialSeed> {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  const snapshots = [
    { at: at(6), likes: 40, comments: 3, shares: 2, views: 1200 },
    { at: at(4), likes: 180, comments: 9, shares: 11, views: 5400 },
    { at: at(1), likes: 420, comments: 17, shares: 30, views: 14800 },
  ];
  const authorKeys = COMMENTS.map((_, i) => `pseudonym-key-${i}-3f9a2c`);
  const video = (snapshot: (typeof snapshots)[number]) =>
    base(now, {
      externalId: ROOT,
      canonicalUrl: `https://www.youtube.com/watch?v=${'ngapThuDuc'.padEnd(11, '0')}`,
      author: { key: 'channel-key-vtv24', displayName: 'VTV24', kind: 'channel' },
      publishedAt: at(7),
      collectedAt: snapshot.at,
      title: 'Triều cường gây ngập nhiều tuyến đường ở Thủ Đức',
      text: 'Sáng nay triều cường lên cao khiến nhiều tuyến đường ở Thủ Đức ngập sâu.',
      engagement: {
        likes: snapshot.likes,
        comments: snapshot.comments,
        shares: snapshot.shares,
        views: snapshot.views,
      },
      analysis: analysis('negative'),
    });
  const ids = new Map<string, number>();
  const first = await store.saveMentions(null, [
    video(snapshots[0] as (typeof snapshots)[number]),
    ...COMMENTS.map((comment, i) =>
      base(now, {
        externalId: comment.externalId,
        author: { key: authorKeys[i] as string, displayName: null, kind: 'person' },
        publishedAt: at(6 - i * 0.5),
        collectedAt: at(1),
        text: comment.text,
        parentExternalId: comment.parent,
        threadRootExternalId: comment.parent === ROOT ? null : ROOT,
        analysis: analysis(comment.sentiment),
      }),
    ),
    base(now, {
      externalId: 'yt-orphan',
      author: { key: 'pseudonym-key-orphan-3f9a2c', displayName: null, kind: 'person' },
      publishedAt: at(2),
      text: 'Trả lời một bình luận chưa được thu thập.',
      parentExternalId: 'yt-comment-not-collected',
      threadRootExternalId: ROOT,
      analysis: analysis('neutral'),
    }),
  ]);
  for (const [i, externalId] of [
    ROOT,
    ...COMMENTS.map((c) => c.externalId),
    'yt-orphan',
  ].entries()) {
    ids.set(externalId, first.ids[i] as number);
  }
  for (const snapshot of snapshots.slice(1)) await store.saveMentions(null, [video(snapshot)]);
  for (const comment of COMMENTS.filter((c) => c.deleted)) {
    await store.saveMentions(null, [
      base(now, {
        externalId: comment.externalId,
        parentExternalId: comment.parent,
        deleted: true,
        updatedAt: at(0.5),
        collectedAt: at(0.5),
      }),
    ]);
  }
  authorKeys.push('pseudonym-key-orphan-3f9a2c');

  const quotaResetAt = new Date(now.getTime() + 9 * HOUR_MS).toISOString();
  const quarantineReason = 'youtube: a commentThreads body without items, kept aside';
  const spentKey: CredentialHealth = {
    id: 1,
    label: 'key one',
    status: 'exhausted',
    remaining: 0,
    limit: 10_000,
    resetAt: quotaResetAt,
    lastError:
      'quotaExceeded: The request cannot be completed because you have exceeded your quota.',
  };
  const quota = await store.addSource({
    kind: 'youtube',
    url: 'https://www.youtube.com/@vtv24',
    title: 'VTV24',
    settings: { follow: 'channel', handle: 'vtv24' },
  });
  const missing = await store.addSource({
    kind: 'mastodon',
    url: 'https://mastodon.social/tags/hanoi',
    settings: { follow: 'hashtag', instance: 'https://mastodon.social', tag: 'hanoi' },
  });
  const refused = await store.addSource({
    kind: 'youtube',
    url: 'https://www.youtube.com/watch?v=ngapThuDuc0',
    settings: { follow: 'video', videoId: 'ngapThuDuc0' },
  });
  const health = {
    lastAttemptAt: at(0.2),
    lastSuccessAt: at(3),
    lastErrorAt: null,
    lastError: null,
    consecutiveFailures: 0,
    lastItemCount: 50,
    lastNewCount: 4,
    lastWarnings: [],
  };
  await store.updateSource(quota.source.id, {
    health: {
      ...health,
      paused: {
        reason: `every youtube credential has spent its quota of units; collection resumes at ${quotaResetAt}`,
        until: quotaResetAt,
      },
      credential: spentKey,
    },
  });
  await store.updateSource(missing.source.id, {
    health: {
      ...health,
      lastSuccessAt: null,
      paused: {
        reason: 'no mastodon credential: add one with `nghe credentials add mastodon`',
        until: null,
      },
    },
  });
  await store.updateSource(refused.source.id, {
    health: {
      ...health,
      lastErrorAt: at(0.2),
      lastError:
        'every youtube credential was refused (youtube credential #2 "key two": API key not valid)',
      consecutiveFailures: 3,
      credential: {
        id: 2,
        label: 'key two',
        status: 'invalid',
        remaining: null,
        limit: null,
        resetAt: null,
        lastError: 'API key not valid. Please pass a valid API key.',
      },
      quarantine: {
        at: at(1),
        reason: quarantineReason,
        url: 'https://www.googleapis.com/youtube/v3/commentThreads',
      },
    },
  });

  const one = await store.addCredential({
    platform: 'youtube',
    label: 'key one',
    publicFields: {},
    sealed: 'v1.not-a-real-sealed-secret',
  });
  await store.updateCredential(one.id, {
    status: 'exhausted',
    quota: {
      buckets: { units: { used: 10_000, resetAt: quotaResetAt } },
      rate: null,
      exhaustedUntil: quotaResetAt,
    },
    lastError: spentKey.lastError,
  });
  const two = await store.addCredential({
    platform: 'youtube',
    label: 'key two',
    publicFields: {},
    sealed: 'v1.not-a-real-sealed-secret',
  });
  await store.updateCredential(two.id, {
    status: 'invalid',
    lastError: 'API key not valid. Please pass a valid API key.',
  });
  await store.addCredential({
    platform: 'reddit',
    label: 'reddit app',
    publicFields: {},
    sealed: 'v1.not-a-real-sealed-secret',
  });

  return {
    ids,
    rootExternalId: ROOT,
    comments: COMMENTS,
    orphanExternalId: 'yt-orphan',
    snapshots,
    authorKeys,
    sources: { quota: quota.source.id, missing: missing.source.id, refused: refused.source.id },
    quotaResetAt,
    quarantineReason,
  };
}

/**
 * `persons` distinct people each posting once about flooding on every one of `platforms`,
 * tagged with `topicId`, so each platform of that topic reaches the small-group rule's k alone.
 */
export async function seedPlatformVoices(
  store: SqliteStore,
  now: Date,
  topicId: number,
  platforms: readonly string[],
  persons: number,
): Promise<void> {
  const mentions = platforms.flatMap((platform) =>
    Array.from({ length: persons }, (_, i) =>
      base(now, {
        platform: platform as MentionInput['platform'],
        externalId: `voice-${platform}-${i}`,
        author: { key: `voice-key-${platform}-${i}`, displayName: null, kind: 'person' },
        publishedAt: new Date(now.getTime() - (i + 1) * HOUR_MS).toISOString(),
        text: `Đường trước nhà lại ngập sau cơn mưa chiều (${platform} ${i}).`,
        analysis: analysis('neutral'),
      }),
    ),
  );
  const { ids } = await store.saveMentions(null, mentions);
  await store.tagMentions(topicId, ids);
}
