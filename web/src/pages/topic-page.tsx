// One topic: one time range governs the whole page (charts, breakdowns, comparison, voices and
// the mentions list) and is kept in the address; chart clicks narrow the mentions list.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CountRow } from '../../../src/http/api-types.js';
import { AlertRulesEditor } from '../alerts/alert-rules-editor.js';
import { useAnalystText } from '../analyst/analyst-messages.js';
import { ExportButtons } from '../analyst/export-buttons.js';
import { PeriodComparison } from '../analyst/period-comparison.js';
import { TopicActions } from '../analyst/topic-actions.js';
import {
  openEnd,
  parseTopicView,
  selectedInstants,
  type TopicView,
  todayIn,
  topicViewSearch,
  WINDOW_PRESETS,
  type WindowPreset,
  windowDays,
} from '../analyst/topic-view.js';
import { VoicesPanel } from '../analyst/voices-panel.js';
import { useApi } from '../app-context.js';
import type { EChartsType } from '../charts/echarts-setup.js';
import { SentimentDonut } from '../charts/sentiment-donut.js';
import { TimelinePanel } from '../charts/timeline-panel.js';
import { BarList } from '../components/bar-list.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { platformName } from '../format/platform-names.js';
import { trendRow } from '../format/trend-change.js';
import { dayOf, dayStartIso, nextDay } from '../format/zoned-time.js';
import { useLocale } from '../i18n/locale.js';
import { MERGED_GROUPS_KEY, useMinGroupSize } from '../privacy/hidden-figures.js';
import { hrefFor } from '../router.js';
import { type DayRange, type ListFilter, termQuery } from './mention-filter.js';
import { MentionsPanel } from './mentions-panel.js';

const LIVE_REFRESH_MS = 2000;

function viewFromAddress(): TopicView {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return parseTopicView(at === -1 ? '' : hash.slice(at));
}

export function TopicPage({ topicId }: { topicId: number }) {
  const api = useApi();
  const locale = useLocale();
  const t = useAnalystText();
  const tz = locale.timeZone;
  const [view, setView] = useState<TopicView>(viewFromAddress);
  const [filter, setFilter] = useState<ListFilter>({});
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
  const charts = useRef<{ timeline: EChartsType | null; donut: EChartsType | null }>({
    timeline: null,
    donut: null,
  });

  // The view lives in the address, replaced (not pushed) so Back leaves the page.
  useEffect(() => {
    const base = hrefFor({ page: 'topic', topicId });
    const next = `${base}${topicViewSearch(view)}`;
    if (location.hash !== next) history.replaceState(null, '', next);
  }, [view, topicId]);

  const today = todayIn(tz);
  const window = windowDays(view, today);
  const base: { topic: number; from?: string; to?: string } = { topic: topicId };
  if (window.from) base.from = dayStartIso(window.from, tz);
  if (window.to < today) base.to = dayStartIso(nextDay(window.to), tz);
  const selected = { topic: topicId, ...selectedInstants(view, today, tz) };
  const baseKey = JSON.stringify(base);
  const selectedKey = JSON.stringify(selected);

  const minGroupSize = useMinGroupSize(api);
  const [topic, retryTopic] = useAsync(() => api.topic(topicId), [api, topicId]);
  const [series, retrySeries] = useAsync(
    () => Promise.all([api.series(base, 'day', tz), api.spikes(base, 'day').catch(() => [])]),
    [api, topicId, tz, baseKey, arrivals],
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
  const termRows: CountRow[] = trending.map((term) => trendRow(term, locale.lang, locale.number));
  const days = useMemo(() => series.data?.[0].map((p) => dayOf(p.t, tz)) ?? [], [series.data, tz]);
  // The last day is still going on when it is today: drawn as incomplete, not as a drop.
  const lastPoint = series.data?.[0][series.data[0].length - 1];
  const incompleteFrom = lastPoint && dayOf(lastPoint.t, tz) === today ? lastPoint.t : null;
  const firstDay = window.from ?? days[0] ?? null;
  const range: DayRange = { from: view.from, to: view.to };
  const listRange: DayRange = {
    from: view.from ?? firstDay,
    to: view.to ?? (window.to < today ? window.to : null),
  };
  const compareFilter = selected.from
    ? { ...selected, from: selected.from, to: selected.to ?? openEnd() }
    : null;

  const chooseRange = (next: DayRange) => {
    setView((current) => ({ ...current, from: next.from, to: next.to }));
    if (filter.day) setFilter(({ day: _day, ...rest }) => rest);
  };
  const chooseWindow = (preset: WindowPreset) => {
    setView((current) => ({
      window: preset,
      windowFrom:
        preset === 'custom' ? (current.windowFrom ?? window.from ?? days[0] ?? null) : null,
      windowTo: preset === 'custom' ? (current.windowTo ?? today) : null,
      from: null,
      to: null,
    }));
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
      {topic.data && <TopicActions topic={topic.data} onChanged={retryTopic} />}

      <fieldset class="range-controls">
        <legend>{locale.t('rangeLabel')}</legend>
        <label>
          {locale.t('windowLabel')}
          <select
            id="window-days"
            value={view.window}
            onChange={(event) => chooseWindow(event.currentTarget.value as WindowPreset)}
          >
            {WINDOW_PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {preset === 'all'
                  ? t('windowAll')
                  : preset === 'custom'
                    ? t('windowCustom')
                    : locale.t('windowDays', { n: Number(preset) })}
              </option>
            ))}
          </select>
        </label>
        {view.window === 'custom' && (
          <>
            <label>
              {t('windowFrom')}
              <input
                id="window-from"
                type="date"
                value={view.windowFrom ?? ''}
                max={view.windowTo ?? today}
                onChange={(event) =>
                  setView({
                    ...view,
                    windowFrom: event.currentTarget.value || null,
                    from: null,
                    to: null,
                  })
                }
              />
            </label>
            <label>
              {t('windowTo')}
              <input
                id="window-to"
                type="date"
                value={view.windowTo ?? today}
                min={view.windowFrom ?? undefined}
                max={today}
                onChange={(event) =>
                  setView({
                    ...view,
                    windowTo: event.currentTarget.value || null,
                    from: null,
                    to: null,
                  })
                }
              />
            </label>
          </>
        )}
        <label>
          {locale.t('rangeFrom')}
          <input
            id="range-from"
            type="date"
            value={view.from ?? firstDay ?? ''}
            min={firstDay ?? undefined}
            max={days[days.length - 1]}
            onChange={(event) => chooseRange({ ...range, from: event.currentTarget.value || null })}
          />
        </label>
        <label>
          {locale.t('rangeTo')}
          <input
            id="range-to"
            type="date"
            value={view.to ?? days[days.length - 1] ?? ''}
            min={firstDay ?? undefined}
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
            incompleteFrom={incompleteFrom}
            rangeTotals={share && { total: share.total, ...share.classifiedCounts }}
            minGroupSize={minGroupSize}
            onChart={(chart) => {
              charts.current.timeline = chart;
            }}
            actions={
              <ExportButtons
                what={locale.t('volumeOverTime')}
                chart="series"
                params={{ ...base, interval: 'day', tz }}
                image={() => charts.current.timeline}
              />
            }
          />
        )}
        <LoadStatus state={panels} retry={retryPanels} />
        {share && (
          <SentimentDonut
            share={share}
            minGroupSize={minGroupSize}
            selected={filter.sentiment}
            onSelect={(sentiment) => setFilter({ ...filter, sentiment })}
            onChart={(chart) => {
              charts.current.donut = chart;
            }}
            actions={
              <ExportButtons
                what={locale.t('sentimentSplit')}
                chart="sentiment"
                params={selected}
                image={() => charts.current.donut}
              />
            }
          />
        )}
        {panels.data && (
          <>
            <BarList
              title={locale.t('trendingTerms')}
              rows={termRows}
              selected={filter.q ? filter.q.replace(/"/g, '') : undefined}
              onSelect={(row) => setFilter({ ...filter, q: termQuery(row.key) })}
              actions={
                <ExportButtons
                  what={locale.t('trendingTerms')}
                  chart="trending"
                  params={selected}
                />
              }
            />
            <BarList
              title={locale.t('topSources')}
              rows={sources}
              mergesSmallGroups
              selected={filter.source}
              onSelect={(row) => setFilter({ ...filter, source: row.key })}
              actions={
                <ExportButtons what={locale.t('topSources')} chart="sources" params={selected} />
              }
            />
            <BarList
              title={locale.t('platforms')}
              rows={platforms}
              mergesSmallGroups
              selected={filter.platform}
              onSelect={(row) => setFilter({ ...filter, platform: row.key })}
              labelFor={(row) => platformName(row.key, locale.t)}
              actions={
                <ExportButtons what={locale.t('platforms')} chart="platforms" params={selected} />
              }
            />
            <BarList
              title={locale.t('languages')}
              rows={langs}
              mergesSmallGroups
              selected={filter.lang}
              onSelect={(row) => setFilter({ ...filter, lang: row.key })}
              actions={
                <ExportButtons what={locale.t('languages')} chart="languages" params={selected} />
              }
            />
          </>
        )}
        {compareFilter ? (
          <PeriodComparison filter={compareFilter} />
        ) : (
          <p class="panel panel-wide muted compare-needs-range">{t('compareNeedsRange')}</p>
        )}
        <VoicesPanel filter={selected} refresh={arrivals} />
      </div>

      <MentionsPanel
        onArrival={onArrival}
        topicId={topicId}
        range={listRange}
        filter={filter}
        onFilter={setFilter}
        platforms={platforms.map((row) => row.key).filter((key) => key !== MERGED_GROUPS_KEY)}
        langs={langs.map((row) => row.key).filter((key) => key !== MERGED_GROUPS_KEY)}
        sourceLabel={(id) => sourceLabels.get(id) ?? `#${id}`}
      />
      <AlertRulesEditor topicId={topicId} />
    </section>
  );
}
