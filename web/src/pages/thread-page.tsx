// One conversation: the post that starts it, its comments and replies as an indented tree, each
// with its sentiment, engagement and time, and the post's engagement over time. Persons are
// "a person"; deleted items keep their place.
import { useEffect } from 'preact/hooks';
import type { Mention, Thread, ThreadNode } from '../../../src/http/api-types.js';
import { useApi } from '../app-context.js';
import { ENGAGEMENT_METRICS, EngagementChart } from '../charts/engagement-chart.js';
import { LoadStatus } from '../components/load-status.js';
import { PlatformLabel } from '../components/platform-label.js';
import { useAsync } from '../components/use-async.js';
import { authorLabel } from '../format/author-label.js';
import { useLocale } from '../i18n/locale.js';

/** Deeper replies stop moving right, so long chains stay readable. */
const MAX_INDENT = 6;

function countNodes(nodes: ThreadNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes(node.replies), 0);
}

export function ThreadPage({ mentionId }: { mentionId: number }) {
  const api = useApi();
  const locale = useLocale();
  const [state, retry] = useAsync(async () => {
    const thread = await api.thread(mentionId);
    const rootId = thread.root?.mention.id;
    const engagement = rootId === undefined ? null : await api.engagement(rootId);
    return { thread, engagement };
  }, [api, mentionId]);

  const thread: Thread | null = state.data?.thread ?? null;
  const root = thread?.root ?? null;
  const shown = thread ? countNodes(root ? root.replies : []) + countNodes(thread.unattached) : 0;

  // A deep link to a reply lands on that reply, not on the top of the post.
  useEffect(() => {
    if (!thread || root?.mention.id === mentionId) return;
    document
      .querySelector(`.thread-node[data-mention-id="${mentionId}"]`)
      ?.scrollIntoView({ block: 'center' });
  }, [thread, mentionId, root]);

  return (
    <section aria-labelledby="thread-title" class="thread-page">
      <p>
        <button type="button" class="link-button" onClick={() => history.back()}>
          {locale.t('threadBack')}
        </button>
      </p>
      <h1 id="thread-title">
        {locale.t('threadTitle')}{' '}
        {(root ?? thread?.unattached[0]) && (
          <PlatformLabel platform={(root ?? thread?.unattached[0])?.mention.platform ?? ''} />
        )}
      </h1>
      <LoadStatus state={state} retry={retry} />
      {thread && (
        <>
          <p class="muted thread-count" data-total={thread.total} data-shown={shown}>
            {locale.t('threadCount', { n: locale.number(thread.total) })}
            {thread.truncated &&
              ` · ${locale.t('threadTruncated', {
                shown: locale.number(shown),
                total: locale.number(thread.total),
              })}`}
          </p>
          {root ? (
            <ul class="thread-tree">
              <ThreadItem node={root} depth={0} opened={mentionId} />
            </ul>
          ) : (
            <p class="notice">{locale.t('threadRootMissing')}</p>
          )}
          {state.data?.engagement && <EngagementChart points={state.data.engagement.points} />}
          {thread.unattached.length > 0 && (
            <section aria-labelledby="unattached-title" class="thread-unattached">
              <h2 id="unattached-title">{locale.t('threadUnattached')}</h2>
              <ul class="thread-tree">
                {thread.unattached.map((node) => (
                  <ThreadItem key={node.mention.id} node={node} depth={1} opened={mentionId} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}

function ThreadItem({ node, depth, opened }: { node: ThreadNode; depth: number; opened: number }) {
  const { mention, replies } = node;
  return (
    <li
      class={`thread-node${mention.id === opened ? ' thread-opened' : ''}`}
      data-mention-id={mention.id}
      data-depth={depth}
      data-deleted={mention.deletedAt ? 'true' : undefined}
      data-sentiment={mention.analysis?.sentiment ?? 'unknown'}
    >
      <ThreadMention mention={mention} root={depth === 0} opened={mention.id === opened} />
      {replies.length > 0 && (
        <ul class={`thread-replies${depth >= MAX_INDENT ? ' thread-replies-flat' : ''}`}>
          {replies.map((reply) => (
            <ThreadItem key={reply.mention.id} node={reply} depth={depth + 1} opened={opened} />
          ))}
        </ul>
      )}
    </li>
  );
}

function ThreadMention({
  mention,
  root,
  opened,
}: {
  mention: Mention;
  root: boolean;
  opened: boolean;
}) {
  const locale = useLocale();
  const sentiment = mention.analysis?.sentiment ?? null;
  const deleted = mention.deletedAt !== null;
  const counts = ENGAGEMENT_METRICS.flatMap((metric) => {
    const value = mention.engagement[metric];
    return value === undefined ? [] : [{ metric, value }];
  });
  const when = mention.publishedAt ?? mention.collectedAt;
  return (
    <article
      class={`thread-mention${root ? ' thread-root' : ''}`}
      aria-current={opened || undefined}
    >
      <header class="mention-meta">
        <span class="author">{authorLabel(mention.author, locale.t) ?? locale.t('unknown')}</span>
        <time dateTime={when}>{locale.dateTime(when)}</time>
        {mention.updatedAt && !deleted && (
          <span class="muted">
            {locale.t('edited', { time: locale.dateTime(mention.updatedAt) })}
          </span>
        )}
        {deleted && <span class="badge status-off">{locale.t('deleted')}</span>}
        {opened && <span class="badge badge-new">{locale.t('threadOpened')}</span>}
      </header>
      {root && mention.title && !deleted && <h2 class="thread-root-title">{mention.title}</h2>}
      <p class={deleted ? 'muted thread-deleted' : undefined}>
        {deleted ? locale.t('deletedText') : mention.text}
      </p>
      <footer class="mention-meta">
        {!deleted && (
          <span class={`badge sentiment-${sentiment ?? 'unknown'}`}>
            {locale.t(sentiment ?? 'unknown')}
          </span>
        )}
        {counts.map(({ metric, value }) => (
          <span key={metric} class="engagement-count" data-metric={metric}>
            {locale.t(metric)}: {locale.number(value)}
          </span>
        ))}
        {mention.canonicalUrl && !deleted && (
          <a href={mention.canonicalUrl} target="_blank" rel="noopener noreferrer">
            {locale.t('openOriginal')}
          </a>
        )}
      </footer>
    </article>
  );
}
