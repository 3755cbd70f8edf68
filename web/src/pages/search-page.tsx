// Search with the query language: checked as you type, results, and save as a topic in one click.
import { useEffect, useState } from 'preact/hooks';
import type { MentionPage, QueryCheck, Topic } from '../../../src/http/api-types.js';
import { ApiRequestError } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';
import { MentionItem } from './mention-item.js';
import { QueryErrorMarker } from './query-error.js';

const CHECK_DELAY_MS = 300;

export function SearchPage() {
  const api = useApi();
  const locale = useLocale();
  const [query, setQuery] = useState('');
  const [check, setCheck] = useState<{ query: string; result: QueryCheck } | null>(null);
  const [results, setResults] = useState<{ page: MentionPage; query: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<Topic | null>(null);

  useEffect(() => {
    const text = query;
    if (!text.trim()) {
      setCheck(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.checkQuery(text).then(
        (result) => current && setCheck({ query: text, result }),
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, query]);

  const run = async (event: Event) => {
    event.preventDefault();
    if (!query.trim()) return;
    setFailure(null);
    try {
      const page = await api.mentions({ q: query, sort: 'newest', limit: 50 });
      setResults({ page, query });
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  const save = async () => {
    setFailure(null);
    try {
      const topic = await api.createTopic({
        name: name.trim() || query.trim().slice(0, 60),
        query,
      });
      setSaved(topic);
    } catch (error) {
      if (error instanceof ApiRequestError && error.detail?.position !== undefined)
        setCheck({
          query,
          result: {
            ok: false,
            message: error.message,
            position: error.detail.position,
            expected: error.detail.expected ?? '',
          },
        });
      else setFailure((error as Error).message);
    }
  };

  const shownCheck = check && check.query === query ? check.result : null;
  const invalid = shownCheck !== null && !shownCheck.ok;

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{locale.t('searchTitle')}</h1>
      <form class="search-form" onSubmit={run}>
        <label for="query-input">{locale.t('searchLabel')}</label>
        <div class="search-row">
          <input
            id="query-input"
            type="search"
            class="query-input"
            value={query}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={invalid}
            aria-describedby={invalid ? 'query-error query-help' : 'query-help'}
            onInput={(event) => {
              setQuery(event.currentTarget.value);
              setSaved(null);
            }}
          />
          <button type="submit" disabled={invalid}>
            {locale.t('searchButton')}
          </button>
        </div>
        <p id="query-help" class="muted">
          {locale.t('searchHelp')}
        </p>
        {shownCheck && !shownCheck.ok && (
          <QueryErrorMarker
            query={query}
            position={shownCheck.position}
            message={shownCheck.message}
          />
        )}
        {shownCheck?.ok && (
          <p class="ok" role="status" id="query-ok">
            ✓ {locale.t('queryValid')}
          </p>
        )}
      </form>
      {failure && (
        <p class="error" role="alert">
          {locale.t('loadFailed', { message: failure })}
        </p>
      )}
      {shownCheck?.ok && (
        <div class="save-topic">
          <label for="topic-name">{locale.t('topicName')}</label>
          <input
            id="topic-name"
            value={name}
            placeholder={query.slice(0, 60)}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="button" id="save-topic" onClick={save}>
            {locale.t('saveAsTopic')}
          </button>
        </div>
      )}
      {saved && (
        <p class="ok" role="status">
          {locale.t('topicSaved', { name: saved.name })}{' '}
          <a href={hrefFor({ page: 'topic', topicId: saved.id })}>{locale.t('openTopic')}</a>
        </p>
      )}
      {results && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {locale.t('results')} ({locale.number(results.page.mentions.length)}
            {results.page.nextCursor ? '+' : ''})
          </h2>
          {results.page.mentions.length === 0 ? (
            <p class="muted">{locale.t('noMentions')}</p>
          ) : (
            <ul class="mention-list">
              {results.page.mentions.map((mention) => (
                <MentionItem key={mention.id} mention={mention} fresh={false} />
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
