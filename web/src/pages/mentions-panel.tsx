// The mentions behind the charts: filters, cursor paging and live arrivals at the top.
import { useEffect, useState } from 'preact/hooks';
import type { Mention, MentionPage } from '../../../src/http/api-types.js';
import { analystApi } from '../analyst/analyst-api.js';
import { useAnalystText } from '../analyst/analyst-messages.js';
import { ExportButtons } from '../analyst/export-buttons.js';
import { highlightTerms } from '../analyst/highlight.js';
import { followEventStream } from '../api/event-stream.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { platformName } from '../format/platform-names.js';
import { useLocale } from '../i18n/locale.js';
import {
  type DayRange,
  type ListFilter,
  listParams,
  type MentionSortChoice,
  matchesListFilter,
} from './mention-filter.js';
import { MentionItem } from './mention-item.js';

const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

export interface MentionsPanelProps {
  topicId: number;
  range: DayRange;
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
  platforms: string[];
  langs: string[];
  sourceLabel: (id: string) => string;
  /** A mention of this topic arrived live, whether or not the list shows it. */
  onArrival?: () => void;
}

export function MentionsPanel({
  onArrival,
  topicId,
  range,
  filter,
  onFilter,
  platforms,
  langs,
  sourceLabel,
}: MentionsPanelProps) {
  const api = useApi();
  const locale = useLocale();
  const at = useAnalystText();
  const [sort, setSort] = useState<MentionSortChoice>('newest');
  const params = listParams(topicId, range, filter, locale.timeZone, sort);
  const key = JSON.stringify(params);
  const [first, retry] = useAsync(() => api.mentions(params), [api, key]);
  const { sort: _sort, limit: _limit, ...counted } = params;
  const countKey = JSON.stringify(counted);
  const [total] = useAsync(() => analystApi(api).mentionCount(counted), [api, countKey]);
  const [names] = useAsync(() => api.breakdown({ topic: topicId }, 'source', 200), [api, topicId]);
  const sourceNames = new Map((names.data ?? []).map((row) => [Number(row.key), row.label]));
  const terms = highlightTerms(filter.q ?? '');
  const [extra, setExtra] = useState<{ mentions: Mention[]; cursor: string | null }>({
    mentions: [],
    cursor: null,
  });
  const [fresh, setFresh] = useState<Mention[]>([]);
  const [unseen, setUnseen] = useState(0);
  const [live, setLive] = useState(false);
  const [text, setText] = useState(filter.q ?? '');
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    setExtra({ mentions: [], cursor: null });
    setFresh([]);
    setUnseen(0);
  }, [key]);

  useEffect(() => setText(filter.q ?? ''), [filter.q]);

  // Live arrivals: read with the current filters so a new mention is shown only if it matches.
  const liveFilter = { range, filter, timeZone: locale.timeZone, onArrival };
  const [liveRef] = useState(() => ({ current: liveFilter }));
  liveRef.current = liveFilter;
  useEffect(() => {
    const controller = new AbortController();
    void followEventStream(
      (signal) => api.open(`/api/topics/${topicId}/stream`, signal),
      (event) => {
        if (event.event !== 'mention') return;
        let mention: Mention;
        try {
          mention = JSON.parse(event.data) as Mention;
        } catch {
          return;
        }
        const { range: r, filter: f, timeZone, onArrival: arrived } = liveRef.current;
        arrived?.();
        if (matchesListFilter(mention, r, f, timeZone))
          setFresh((previous) => [mention, ...previous.filter((m) => m.id !== mention.id)]);
        else setUnseen((n) => n + 1);
      },
      setLive,
      controller.signal,
    );
    return () => controller.abort();
  }, [api, topicId, liveRef]);

  const page: MentionPage | null = first.data;
  const cursor = extra.cursor ?? page?.nextCursor ?? null;
  const freshIds = new Set(fresh.map((m) => m.id));
  const listedIds = new Set<number>();
  const listed = [...fresh, ...(page?.mentions ?? []), ...extra.mentions].filter((m) => {
    if (listedIds.has(m.id)) return false;
    listedIds.add(m.id);
    return true;
  });

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await api.mentions({ ...params, cursor });
      setExtra((previous) => ({
        mentions: [...previous.mentions, ...next.mentions],
        cursor: next.nextCursor ?? '',
      }));
    } finally {
      setLoadingMore(false);
    }
  };
  const hasMore = extra.cursor === null ? Boolean(page?.nextCursor) : extra.cursor !== '';

  const set = (patch: Partial<ListFilter>) => {
    const next: ListFilter = { ...filter, ...patch };
    for (const name of Object.keys(next) as (keyof ListFilter)[])
      if (!next[name]) delete next[name];
    onFilter(next);
  };

  const chips: { name: string; clear: Partial<ListFilter> }[] = [];
  if (filter.day)
    chips.push({ name: locale.t('filterDay', { day: filter.day }), clear: { day: '' } });
  if (filter.source)
    chips.push({
      name: `${locale.t('filterSource')}: ${sourceLabel(filter.source)}`,
      clear: { source: '' },
    });

  return (
    <section class="panel panel-wide mentions-panel" aria-labelledby="mentions-title">
      <h3 id="mentions-title">
        {locale.t('mentionsList')}{' '}
        {total.data && (
          <span
            class="mention-total"
            data-total={total.data.total}
            data-exact={String(total.data.exact)}
          >
            {at(total.data.exact ? 'totalMentions' : 'totalAtLeast', {
              n: locale.number(total.data.total),
            })}
          </span>
        )}{' '}
        <span class={`live ${live ? 'live-on' : 'live-off'}`} role="status">
          {live ? locale.t('liveOn') : locale.t('liveOff')}
        </span>
      </h3>
      <form
        class="filters"
        aria-label={locale.t('filters')}
        onSubmit={(event) => {
          event.preventDefault();
          set({ q: text.trim() });
        }}
      >
        <FilterSelect
          id="filter-sentiment"
          label={locale.t('filterSentiment')}
          value={filter.sentiment}
          choices={SENTIMENTS.map((key) => ({ value: key, label: locale.t(key) }))}
          onChange={(sentiment) => set({ sentiment })}
        />
        <FilterSelect
          id="filter-platform"
          label={locale.t('filterPlatform')}
          value={filter.platform}
          choices={platforms.map((p) => ({ value: p, label: platformName(p, locale.t) }))}
          onChange={(platform) => set({ platform })}
        />
        <FilterSelect
          id="filter-lang"
          label={locale.t('filterLanguage')}
          value={filter.lang}
          choices={langs.map((l) => ({ value: l, label: l }))}
          onChange={(lang) => set({ lang })}
        />
        <label>
          {at('sortLabel')}
          <select
            id="mention-sort"
            value={sort}
            onChange={(e) => setSort(e.currentTarget.value as MentionSortChoice)}
          >
            <option value="newest">{at('sortNewest')}</option>
            <option value="oldest">{at('sortOldest')}</option>
            <option value="engagement">{at('sortEngagement')}</option>
          </select>
        </label>
        <label class="filter-text">
          {locale.t('filterText')}
          <input
            id="filter-text"
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{locale.t('searchButton')}</button>
        {Object.keys(filter).length > 0 && (
          <button type="button" onClick={() => onFilter({})}>
            {locale.t('clearFilters')}
          </button>
        )}
      </form>
      <ExportButtons
        what={locale.t('mentionsList')}
        chart="mentions"
        params={{ ...counted, sort }}
      />
      {chips.length > 0 && (
        <ul class="chips">
          {chips.map((chip) => (
            <li key={chip.name}>
              <button
                type="button"
                class="chip"
                onClick={() => set(chip.clear)}
                aria-label={locale.t('removeFilter', { name: chip.name })}
              >
                {chip.name} ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {unseen > 0 && (
        <p class="notice" role="status">
          {locale.t('liveHidden', { n: unseen })}
        </p>
      )}
      <LoadStatus state={first} retry={retry} />
      {page && listed.length === 0 && <p class="muted">{locale.t('noMentions')}</p>}
      <ul class="mention-list" aria-live="polite" aria-busy={first.status === 'loading'}>
        {listed.map((mention) => (
          <MentionItem
            key={mention.id}
            mention={mention}
            fresh={freshIds.has(mention.id)}
            terms={terms}
            sourceName={(id) => sourceNames.get(id) ?? null}
          />
        ))}
      </ul>
      {hasMore && (
        <button type="button" class="load-more" onClick={loadMore} disabled={loadingMore}>
          {locale.t('loadMore')}
        </button>
      )}
    </section>
  );
}

/** One filter as a select whose empty first choice means "any". */
function FilterSelect({
  id,
  label,
  value,
  choices,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  choices: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const locale = useLocale();
  return (
    <label>
      {label}
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{locale.t('any')}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}
