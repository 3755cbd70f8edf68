// One topic: the selected time range drives every panel; chart clicks narrow the mentions list.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CountRow } from '../../../src/http/api-types.js';
import { AlertRulesEditor } from '../alerts/alert-rules-editor.js';
import { useApi } from '../app-context.js';
import { SentimentDonut } from '../charts/sentiment-donut.js';
import { TimelinePanel } from '../charts/timeline-panel.js';
import { BarList } from '../components/bar-list.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { platformName } from '../format/platform-names.js';
import { dayOf, dayStartIso } from '../format/zoned-time.js';
import { useLocale } from '../i18n/locale.js';
import { hrefFor } from '../router.js';
import { type DayRange, type ListFilter, rangeParams, termQuery } from './mention-filter.js';
import { MentionsPanel } from './mentions-panel.js';

/** Choices of how many days the timeline covers, ending today. */
const WINDOWS = [7, 30, 90, 365] as const;
const LIVE_REFRESH_MS = 2000;

export function TopicPage({ topicId }: { topicId: number }) {
  const api = useApi();
  const locale = useLocale();
  const tz = locale.timeZone;
  const [range, setRange] = useState<DayRange>({ from: null, to: null });
  const [filter, setFilter] = useState<ListFilter>({});
  const [windowDays, setWindowDays] = useState<number>(30);
  // Live arrivals refresh the figures too, at most once per LIVE_REFRESH_MS.
  const [arrivals, setArrivals] = useState(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onArrival = () => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      setArrivals((n) => n + 1);
    }, LIVE_REFRESH_MS);
  };
  useEffect(() => () => clearTimeout(refreshTimer.current ?? undefined), []);

  const windowFrom = useMemo(() => {
    const today = dayOf(new Date().toISOString(), tz);
    const start = new Date(`${today}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - (windowDays - 1));
    return dayStartIso(start.toISOString().slice(0, 10), tz);
  }, [tz, windowDays]);

  const base = { topic: topicId, from: windowFrom };
  const selected = { topic: topicId, from: windowFrom, ...rangeParams(range, tz) };
  const selectedKey = JSON.stringify(selected);

  const [topic, retryTopic] = useAsync(() => api.topic(topicId), [api, topicId]);
  const [series, retrySeries] = useAsync(
    () => Promise.all([api.series(base, 'day', tz), api.spikes(base, 'day').catch(() => [])]),
    [api, topicId, tz, windowFrom, arrivals],
  );
  const [panels, retryPanels] = useAsync(
    () =>
      Promise.all([
        api.sentiment(selected),
        api.breakdown(selected, 'source', 8),
        api.breakdown(selected, 'platform', 12),
        api.breakdown(selected, 'lang', 12),
        api.trending(selected, 15).catch(() => []),
      ]),
    [api, selectedKey, arrivals],
  );

  const [share, sources, platforms, langs, trending] = panels.data ?? [null, [], [], [], []];
  const sourceLabels = useMemo(
    () => new Map(sources.map((row) => [row.key, row.label ?? row.key])),
    [sources],
  );
  const termRows: CountRow[] = trending.map((term) => ({
    key: term.term,
    label: term.term,
    count: term.current,
  }));
  const days = useMemo(() => series.data?.[0].map((p) => dayOf(p.t, tz)) ?? [], [series.data, tz]);

  const chooseRange = (next: DayRange) => {
    setRange(next);
    if (filter.day) setFilter(({ day: _day, ...rest }) => rest);
  };

  return (
    <section aria-labelledby="topic-title" class="topic-page">
      <p>
        <a href={hrefFor({ page: 'overview' })}>{locale.t('backToOverview')}</a>
      </p>
      <h1 id="topic-title">{locale.t('topicTitle', { name: topic.data?.name ?? '…' })}</h1>
      <LoadStatus state={topic} retry={retryTopic} />
      {topic.data && (
        <p class="query-text">
          <code>{topic.data.query}</code>
        </p>
      )}

      <fieldset class="range-controls">
        <legend>{locale.t('rangeLabel')}</legend>
        <label>
          {locale.t('windowLabel')}
          <select
            id="window-days"
            value={windowDays}
            onChange={(event) => {
              setWindowDays(Number(event.currentTarget.value));
              chooseRange({ from: null, to: null });
            }}
          >
            {WINDOWS.map((days) => (
              <option key={days} value={days}>
                {locale.t('windowDays', { n: days })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {locale.t('rangeFrom')}
          <input
            id="range-from"
            type="date"
            value={range.from ?? days[0] ?? ''}
            min={days[0]}
            max={days[days.length - 1]}
            onChange={(event) => chooseRange({ ...range, from: event.currentTarget.value || null })}
          />
        </label>
        <label>
          {locale.t('rangeTo')}
          <input
            id="range-to"
            type="date"
            value={range.to ?? days[days.length - 1] ?? ''}
            min={days[0]}
            max={days[days.length - 1]}
            onChange={(event) => chooseRange({ ...range, to: event.currentTarget.value || null })}
          />
        </label>
        <button
          type="button"
          id="range-reset"
          onClick={() => chooseRange({ from: null, to: null })}
        >
          {locale.t('rangeReset')}
        </button>
      </fieldset>

      <div class="panel-grid">
        <LoadStatus state={series} retry={retrySeries} />
        {series.data && (
          <TimelinePanel
            points={series.data[0]}
            spikes={series.data[1]}
            range={range}
            onRange={chooseRange}
            onDay={(day) => setFilter({ ...filter, day })}
          />
        )}
        <LoadStatus state={panels} retry={retryPanels} />
        {share && (
          <SentimentDonut
            share={share}
            selected={filter.sentiment}
            onSelect={(sentiment) => setFilter({ ...filter, sentiment })}
          />
        )}
        {panels.data && (
          <>
            <BarList
              title={locale.t('trendingTerms')}
              rows={termRows}
              selected={filter.q ? filter.q.replace(/"/g, '') : undefined}
              onSelect={(row) => setFilter({ ...filter, q: termQuery(row.key) })}
            />
            <BarList
              title={locale.t('topSources')}
              rows={sources}
              selected={filter.source}
              onSelect={(row) => setFilter({ ...filter, source: row.key })}
            />
            <BarList
              title={locale.t('platforms')}
              rows={platforms}
              selected={filter.platform}
              onSelect={(row) => setFilter({ ...filter, platform: row.key })}
              labelFor={(row) => platformName(row.key, locale.t)}
            />
            <BarList
              title={locale.t('languages')}
              rows={langs}
              selected={filter.lang}
              onSelect={(row) => setFilter({ ...filter, lang: row.key })}
            />
          </>
        )}
      </div>

      <MentionsPanel
        onArrival={onArrival}
        topicId={topicId}
        range={{ from: range.from ?? days[0] ?? null, to: range.to }}
        filter={filter}
        onFilter={setFilter}
        platforms={platforms.map((row) => row.key)}
        langs={langs.map((row) => row.key)}
        sourceLabel={(id) => sourceLabels.get(id) ?? `#${id}`}
      />
      <AlertRulesEditor topicId={topicId} />
    </section>
  );
}
