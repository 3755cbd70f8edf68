import type { Mention } from '../../../src/http/api-types.js';
import { useLocale } from '../i18n/locale.js';

const EXCERPT_LENGTH = 280;

export function MentionItem({ mention, fresh }: { mention: Mention; fresh: boolean }) {
  const locale = useLocale();
  const sentiment = mention.analysis?.sentiment ?? null;
  const text =
    mention.text.length > EXCERPT_LENGTH
      ? `${mention.text.slice(0, EXCERPT_LENGTH)}…`
      : mention.text;
  const lang = mention.analysis?.lang ?? mention.language;
  return (
    <li
      class={`mention${fresh ? ' mention-new' : ''}`}
      data-mention-id={mention.id}
      data-sentiment={sentiment ?? 'unknown'}
    >
      <article>
        <header>
          <h4>{mention.title ?? locale.t('untitled')}</h4>
          {fresh && <span class="badge badge-new">{locale.t('newMention')}</span>}
        </header>
        <p>{text}</p>
        <footer class="mention-meta">
          <span class={`badge sentiment-${sentiment ?? 'unknown'}`}>
            {locale.t(sentiment ?? 'unknown')}
          </span>
          <span>{mention.platform}</span>
          {lang && <span>{lang}</span>}
          {mention.author?.displayName && <span>{mention.author.displayName}</span>}
          <time dateTime={mention.publishedAt ?? mention.collectedAt}>
            {locale.dateTime(mention.publishedAt ?? mention.collectedAt)}
          </time>
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
