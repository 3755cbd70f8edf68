// #/map: where a topic (or everything) is talked about, by province or by the wards of one
// province, with the figures as a table beside the map.
import { useState } from 'preact/hooks';
import type { TopicSummary } from '../../../../src/http/api-types.js';
import { queryString } from '../../api/api-client.js';
import { useApi } from '../../app-context.js';
import { useLocale } from '../../i18n/locale.js';
import { LoadStatus } from '../load-status.js';
import { Skeleton } from '../skeleton.js';
import { useUiText } from '../ui-messages.js';
import { useAsync } from '../use-async.js';
import { loadMapPoints } from './load-map-points.js';
import {
  type MapLevel,
  type MapMetric,
  type PlacedFigure,
  type PlaceFigure,
  placeFigures,
} from './map-points.js';
import { PlacesMap } from './places-map.js';

interface PlaceFigures {
  rows: PlaceFigure[];
  suppressed: number;
}

export function PlacesMapPage() {
  const api = useApi();
  const locale = useLocale();
  const t = useUiText();
  const [topic, setTopic] = useState<number | null>(null);
  const [level, setLevel] = useState<MapLevel>('province');
  const [province, setProvince] = useState<string | null>(null);
  const [metric, setMetric] = useState<MapMetric>('volume');

  const [pointsState, retryPoints] = useAsync(loadMapPoints, []);
  const [topicsState] = useAsync(() => api.topics(), [api]);
  const wards = level === 'ward';
  const [figuresState, retryFigures] = useAsync(
    () =>
      api.request<PlaceFigures>(
        'GET',
        `/api/analytics/places${queryString({
          by: level,
          topic: topic ?? undefined,
          place: wards && province ? province : undefined,
          limit: 200,
        })}`,
      ),
    [api, topic, level, province],
  );

  const points = pointsState.data;
  const figures = figuresState.data;
  const placed: PlacedFigure[] =
    points && figures ? placeFigures(points, level, figures.rows, wards ? province : null) : [];
  const provinceName = (code: string) =>
    points?.provinces.find((p) => p[0] === code)?.[locale.lang === 'en' ? 3 : 1] ?? code;

  return (
    <section aria-labelledby="map-title" class="places-map-page">
      <h1 id="map-title">{t('mapTitle')}</h1>
      <p class="muted">{t('mapIntro')}</p>
      <form class="range-controls map-controls" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('mapTopic')}
          <select
            id="map-topic"
            value={topic ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setTopic(value === '' ? null : Number(value));
            }}
          >
            <option value="">{t('mapAllTopics')}</option>
            {(topicsState.data ?? []).map((summary: TopicSummary) => (
              <option key={summary.topic.id} value={summary.topic.id}>
                {summary.topic.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('mapLevel')}
          <select
            id="map-level"
            value={level}
            onChange={(event) => setLevel(event.currentTarget.value as MapLevel)}
          >
            <option value="province">{t('mapProvinces')}</option>
            <option value="ward">{t('mapWards')}</option>
          </select>
        </label>
        {wards && (
          <label>
            {t('mapProvince')}
            <select
              id="map-province"
              value={province ?? ''}
              onChange={(event) => setProvince(event.currentTarget.value || null)}
            >
              <option value="">{t('mapAllProvinces')}</option>
              {(points?.provinces ?? []).map(([code, name, , en]) => (
                <option key={code} value={code}>
                  {locale.lang === 'en' ? en : name}
                </option>
              ))}
            </select>
          </label>
        )}
        <fieldset class="segmented">
          <legend>{t('mapMetric')}</legend>
          {(['volume', 'negative'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="map-metric"
                value={value}
                checked={metric === value}
                onChange={() => setMetric(value)}
              />
              {value === 'volume' ? t('mapVolume') : t('mapNegative')}
            </label>
          ))}
        </fieldset>
      </form>
      <LoadStatus state={pointsState} retry={retryPoints} />
      <LoadStatus state={figuresState} retry={retryFigures} />
      {(!points || !figures) && figuresState.status !== 'error' && (
        <Skeleton lines={6} block={360} />
      )}
      {points && figures && (
        <div class="map-layout">
          <div class="panel map-panel">
            {placed.length === 0 ? (
              <p class="empty-state" id="map-empty">
                {t('mapEmpty')}
              </p>
            ) : (
              <PlacesMap
                points={points}
                level={level}
                province={wards ? province : null}
                placed={placed}
                metric={metric}
                onSelect={(code) => {
                  if (level === 'province') {
                    setProvince(code);
                    setLevel('ward');
                  }
                }}
              />
            )}
            {(level === 'province' || province === null) && (
              <p class="small muted">{t('mapIslands')}</p>
            )}
          </div>
          <div class="panel map-table-panel">
            <h2>{t('mapTable')}</h2>
            <div class="scroll-x">
              <table class="sources-table" id="map-table">
                <thead>
                  <tr>
                    <th scope="col">{t('mapPlace')}</th>
                    <th scope="col" class="num">
                      {t('mapMentions')}
                    </th>
                    <th scope="col" class="num">
                      {t('mapNegativeShare')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {figures.rows.map((row) => {
                    const at = placed.find((p) => p.code === row.key);
                    const name =
                      row.key === 'other'
                        ? t('mapOther')
                        : level === 'province'
                          ? provinceName(row.key)
                          : (at?.name ?? row.label ?? row.key);
                    return (
                      <tr key={row.key} data-code={row.key}>
                        <th scope="row">{name}</th>
                        <td class="num">{locale.number(row.mentions)}</td>
                        <td class="num">
                          {at?.negativeShare == null
                            ? row.negative === null
                              ? t('mapHidden')
                              : '–'
                            : locale.percent(at.negativeShare)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {figures.suppressed > 0 && (
              <p class="small muted">{t('mapSuppressed', { n: figures.suppressed })}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
