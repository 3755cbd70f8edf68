import type { Mention } from '../../../src/http/api-types.js';
import { useAnalystText } from '../analyst/analyst-messages.js';
import { EngagementLine } from '../analyst/engagement-line.js';
import type { HighlightTerm } from '../analyst/highlight.js';
import { HighlightedText } from '../analyst/highlighted-text.js';
import { PlatformLabel } from '../components/platform-label.js';
import { authorLabel, hasThread } from '../format/author-label.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';

const EXCERPT_LENGTH = 280;

export interface MentionItemProps {
  mention: Mention;
  fresh: boolean;
  /** Words of the query to mark in the title and text. */
  terms?: HighlightTerm[];
  /** A source's name by id; without it sources are not named. */
  sourceName?: (id: number) => string | null;
}

export function MentionItem({ mention, fresh, terms = [], sourceName }: MentionItemProps) {
  const locale = useLocale();
  const at = useAnalystText();
  const sentiment = mention.analysis?.sentiment ?? null;
  const text =
    mention.text.length > EXCERPT_LENGTH
      ? `${mention.text.slice(0, EXCERPT_LENGTH)}…`
      : mention.text;
  const lang = mention.analysis?.lang ?? mention.language;
  const author = authorLabel(mention.author, locale.t);
  const sources = sourceName
    ? mention.sourceIds.flatMap((id) => {
        const name = sourceName(id);
        return name ? [name] : [];
      })
    : [];
  return (
    <li
      class={`mention${fresh ? ' mention-new' : ''}`}
      data-mention-id={mention.id}
      data-sentiment={sentiment ?? 'unknown'}
      data-platform={mention.platform}
    >
      <article>
        <header>
          <h4>
            {mention.title ? (
              <HighlightedText text={mention.title} terms={terms} />
            ) : (
              locale.t('untitled')
            )}
          </h4>
          {fresh && <span class="badge badge-new">{locale.t('newMention')}</span>}
        </header>
        <p>
          {mention.deletedAt ? (
            locale.t('deletedText')
          ) : (
            <HighlightedText text={text} terms={terms} />
          )}
        </p>
        <footer class="mention-meta">
          <span class={`badge sentiment-${sentiment ?? 'unknown'}`}>
            {locale.t(sentiment ?? 'unknown')}
          </span>
          <PlatformLabel platform={mention.platform} />
          {lang && (
            <span class="mention-lang" title={at('language', { lang })}>
              {lang}
            </span>
          )}
          {author && <span class="author">{author}</span>}
          {sources.length > 0 && (
            <span class="mention-source">{at('sourceLabel', { name: sources.join(', ') })}</span>
          )}
          <EngagementLine engagement={mention.engagement} />
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
