// Search with the query language: checked as you type, results, and save as a topic in one click.
import { useEffect, useState } from 'preact/hooks';
import type { MentionPage, QueryCheck, Topic } from '../../../src/http/api-types.js';
import { analystApi } from '../analyst/analyst-api.js';
import { useAnalystText } from '../analyst/analyst-messages.js';
import { ExportButtons } from '../analyst/export-buttons.js';
import { highlightTerms } from '../analyst/highlight.js';
import {
  charterFields,
  charterProblem,
  charterToday,
  newCharterDraft,
  useCharterUnit,
} from '../analyst/topic-charter.js';
import { charterProblemText, TopicCharterFields } from '../analyst/topic-charter-fields.js';
import { ApiRequestError } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import { useAsync } from '../components/use-async.js';
import { dayStartIso, nextDay } from '../format/zoned-time.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';
import { MentionItem } from './mention-item.js';
import { QueryErrorMarker } from './query-error.js';

const CHECK_DELAY_MS = 300;
const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

interface SearchFilters {
  from: string;
  to: string;
  sentiment: string;
  sort: 'newest' | 'oldest' | 'engagement';
}

type ResultParams = Record<string, string | number | undefined>;

export function SearchPage() {
  const api = useApi();
  const locale = useLocale();
  const [query, setQuery] = useState('');
  const [check, setCheck] = useState<{ query: string; result: QueryCheck } | null>(null);
  const [results, setResults] = useState<{
    page: MentionPage;
    query: string;
    params: ResultParams;
    total: { total: number; exact: boolean } | null;
  } | null>(null);
  const [filters, setFilters] = useState<SearchFilters>({
    from: '',
    to: '',
    sentiment: '',
    sort: 'newest',
  });
  const at = useAnalystText();
  const [loadingMore, setLoadingMore] = useState(false);
  const loadMore = async () => {
    if (!results?.page.nextCursor) return;
    setLoadingMore(true);
    try {
      const next = await api.mentions({
        ...results.params,
        limit: 50,
        cursor: results.page.nextCursor,
      });
      setResults({
        ...results,
        page: {
          mentions: [...results.page.mentions, ...next.mentions],
          nextCursor: next.nextCursor,
        },
      });
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setLoadingMore(false);
    }
  };
  const [sourceList] = useAsync(() => api.breakdown({}, 'source', 200), [api]);
  const sourceNames = new Map(
    (sourceList.data ?? []).map((row) => [Number(row.key), row.label] as const),
  );
  const [failure, setFailure] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<Topic | null>(null);
  // A saved topic says what it is for: purpose, justification, expiry.
  const unit = useCharterUnit(api);
  const today = charterToday(locale.timeZone);
  const [charter, setCharter] = useState(() => newCharterDraft(null, today));
  const [charterNote, setCharterNote] = useState<string | null>(null);

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
    const tz = locale.timeZone;
    const params: ResultParams = {
      q: query,
      from: filters.from ? dayStartIso(filters.from, tz) : undefined,
      to: filters.to ? dayStartIso(nextDay(filters.to), tz) : undefined,
      sentiment: filters.sentiment || undefined,
    };
    try {
      const [page, total] = await Promise.all([
        api.mentions({ ...params, sort: filters.sort, limit: 50 }),
        analystApi(api)
          .mentionCount(params)
          .catch(() => null),
      ]);
      setResults({ page, query, params: { ...params, sort: filters.sort }, total });
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  const save = async () => {
    setFailure(null);
    const problem = charterProblem(charter, today, unit?.manages ?? false);
    setCharterNote(problem && charterProblemText(locale.lang, problem));
    if (problem) return;
    try {
      const topic = await api.createTopic({
        name: name.trim() || query.trim().slice(0, 60),
        query,
        ...charterFields(charter, unit, locale.timeZone),
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
            code: error.detail.code,
            params: error.detail.params ?? {},
          },
        });
      else setFailure((error as Error).message);
    }
  };

  const shownCheck = check && check.query === query ? check.result : null;
  const invalid = shownCheck !== null && !shownCheck.ok;
  // Results of an earlier query must not stand under one that no longer parses.
  useEffect(() => {
    if (invalid) setResults(null);
  }, [invalid]);
  const setFilter = (patch: Partial<SearchFilters>) => setFilters({ ...filters, ...patch });

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
        <div class="search-filters">
          <label>
            {at('dateFrom')}
            <input
              id="search-from"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(e) => setFilter({ from: e.currentTarget.value })}
            />
          </label>
          <label>
            {at('dateTo')}
            <input
              id="search-to"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(e) => setFilter({ to: e.currentTarget.value })}
            />
          </label>
          <label>
            {at('sentimentFilter')}
            <select
              id="search-sentiment"
              value={filters.sentiment}
              onChange={(e) => setFilter({ sentiment: e.currentTarget.value })}
            >
              <option value="">{at('any')}</option>
              {SENTIMENTS.map((key) => (
                <option key={key} value={key}>
                  {locale.t(key)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {at('sortLabel')}
            <select
              id="search-sort"
              value={filters.sort}
              onChange={(e) => setFilter({ sort: e.currentTarget.value as SearchFilters['sort'] })}
            >
              <option value="newest">{at('sortNewest')}</option>
              <option value="oldest">{at('sortOldest')}</option>
              <option value="engagement">{at('sortEngagement')}</option>
            </select>
          </label>
        </div>
        <p id="query-help" class="muted">
          {locale.t('searchHelp')}
        </p>
        {shownCheck && !shownCheck.ok && (
          <QueryErrorMarker
            query={query}
            position={shownCheck.position}
            message={shownCheck.message}
            code={shownCheck.code}
            params={shownCheck.params}
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
          <TopicCharterFields
            idPrefix="save-topic"
            unit={unit}
            draft={charter}
            today={today}
            onChange={setCharter}
          />
          <button type="button" id="save-topic" onClick={save}>
            {locale.t('saveAsTopic')}
          </button>
          {charterNote && (
            <p class="error charter-problem" role="alert">
              {charterNote}
            </p>
          )}
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
            {locale.t('results')}{' '}
            {results.total ? (
              <span
                class="mention-total"
                data-total={results.total.total}
                data-exact={String(results.total.exact)}
              >
                (
                {at(results.total.exact ? 'totalMentions' : 'totalAtLeast', {
                  n: locale.number(results.total.total),
                })}
                )
              </span>
            ) : (
              `(${locale.number(results.page.mentions.length)}${results.page.nextCursor ? '+' : ''})`
            )}
          </h2>
          <ExportButtons what={locale.t('results')} chart="mentions" params={results.params} />
          {results.page.mentions.length === 0 ? (
            <p class="muted">{locale.t('noMentions')}</p>
          ) : (
            <ul class="mention-list">
              {results.page.mentions.map((mention) => (
                <MentionItem
                  key={mention.id}
                  mention={mention}
                  fresh={false}
                  terms={highlightTerms(results.query)}
                  sourceName={(id) => sourceNames.get(id) ?? null}
                />
              ))}
            </ul>
          )}
          {results.page.nextCursor && (
            <button type="button" class="load-more" onClick={loadMore} disabled={loadingMore}>
              {locale.t('loadMore')}
            </button>
          )}
        </section>
      )}
    </section>
  );
}
