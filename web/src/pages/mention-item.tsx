import type { Mention } from '../../../src/http/api-types.js';
import { PlatformLabel } from '../components/platform-label.js';
import { authorLabel, hasThread } from '../format/author-label.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';

const EXCERPT_LENGTH = 280;

export function MentionItem({ mention, fresh }: { mention: Mention; fresh: boolean }) {
  const locale = useLocale();
  const sentiment = mention.analysis?.sentiment ?? null;
  const text =
    mention.text.length > EXCERPT_LENGTH
      ? `${mention.text.slice(0, EXCERPT_LENGTH)}…`
      : mention.text;
  const lang = mention.analysis?.lang ?? mention.language;
  const author = authorLabel(mention.author, locale.t);
  return (
    <li
      class={`mention${fresh ? ' mention-new' : ''}`}
      data-mention-id={mention.id}
      data-sentiment={sentiment ?? 'unknown'}
      data-platform={mention.platform}
    >
      <article>
        <header>
          <h4>{mention.title ?? locale.t('untitled')}</h4>
          {fresh && <span class="badge badge-new">{locale.t('newMention')}</span>}
        </header>
        <p>{mention.deletedAt ? locale.t('deletedText') : text}</p>
        <footer class="mention-meta">
          <span class={`badge sentiment-${sentiment ?? 'unknown'}`}>
            {locale.t(sentiment ?? 'unknown')}
          </span>
          <PlatformLabel platform={mention.platform} />
          {lang && <span>{lang}</span>}
          {author && <span class="author">{author}</span>}
          <time dateTime={mention.publishedAt ?? mention.collectedAt}>
            {locale.dateTime(mention.publishedAt ?? mention.collectedAt)}
          </time>
          {hasThread(mention) && (
            <a class="thread-link" href={hrefFor({ page: 'thread', mentionId: mention.id })}>
              {locale.t('viewThread')}
            </a>
          )}
          {mention.canonicalUrl && (
            <a href={mention.canonicalUrl} target="_blank" rel="noopener noreferrer">
              {locale.t('openOriginal')}
            </a>
          )}
        </footer>
      </article>
    </li>
  );
}
