// A range against the period of the same length before it: volume, estimated sentiment shares,
// net sentiment, top terms and top sources, as /api/analytics/compare gives them.
import type { CountRow, TermRow } from '../../../src/http/api-types.js';
import type { FilterParams } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { type Locale, useLocale } from '../i18n/locale.js';
import { analystApi, type PeriodComparison as Comparison } from './analyst-api.js';
import { type AnalystText, useAnalystText } from './analyst-messages.js';
import { ExportButtons } from './export-buttons.js';

/** Relative change; from nothing it is no percentage at all, so it reads `noneBefore` instead. */
export function changeText(
  locale: Locale,
  now: number | null,
  before: number | null,
  noneBefore: string,
): string {
  if (now === null || before === null) return '–';
  if (before === 0) return now === 0 ? '0' : noneBefore;
  const change = (now - before) / before;
  return `${change > 0 ? '+' : ''}${locale.percent(change)}`;
}

export function PeriodComparison({
  filter,
}: {
  filter: FilterParams & { from: string; to: string };
}) {
  const api = analystApi(useApi());
  const locale = useLocale();
  const t = useAnalystText();
  const key = JSON.stringify(filter);
  const [state, retry] = useAsync(() => api.compare(filter), [key]);
  const data = state.data;
  return (
    <section
      class="panel panel-wide period-comparison"
      aria-labelledby="compare-title"
      data-from={filter.from}
      data-to={filter.to}
    >
      <h3 id="compare-title">{t('compareTitle')}</h3>
      <ExportButtons what={t('compareTitle')} chart="compare" params={filter} />
      <LoadStatus state={state} retry={retry} />
      {data && <ComparisonBody data={data} locale={locale} t={t} />}
    </section>
  );
}

function ComparisonBody({ data, locale, t }: { data: Comparison; locale: Locale; t: AnalystText }) {
  const { current, previous } = data;
  const span = (from: string, to: string) => locale.timeRange(from, to);
  const share = (value: number | null | undefined, sufficient: boolean) =>
    value === null || value === undefined || !sufficient ? t('tooFew') : locale.percent(value);
  const count = (value: number | null) => (value === null ? t('tooFew') : locale.number(value));
  const points = (now: number | null, before: number | null) =>
    now === null || before === null ? '–' : locale.signed(now - before).concat(' pt');
  return (
    <>
      <p class="muted small">
        {t('compareIntro', {
          current: span(current.from, current.to),
          previous: span(previous.from, previous.to),
        })}
      </p>
      <div class="table-wrap">
        <table class="compare-table">
          <thead>
            <tr>
              <th scope="col">{t('measure')}</th>
              <th scope="col">{t('currentPeriod')}</th>
              <th scope="col">{t('previousPeriod')}</th>
              <th scope="col">{t('change')}</th>
            </tr>
          </thead>
          <tbody>
            <tr
              data-measure="volume"
              data-current={current.volume ?? ''}
              data-previous={previous.volume ?? ''}
            >
              <th scope="row">{t('volume')}</th>
              <td>{count(current.volume)}</td>
              <td>{count(previous.volume)}</td>
              <td>{changeText(locale, current.volume, previous.volume, t('noneBefore'))}</td>
            </tr>
            {(['positive', 'neutral', 'negative'] as const).map((kind) => (
              <tr
                key={kind}
                data-measure={kind}
                data-current={current.sentiment.shares?.[kind] ?? ''}
                data-previous={previous.sentiment.shares?.[kind] ?? ''}
              >
                <th scope="row">{t('share', { name: locale.t(kind) })}</th>
                <td>{share(current.sentiment.shares?.[kind], current.sentiment.sufficient)}</td>
                <td>{share(previous.sentiment.shares?.[kind], previous.sentiment.sufficient)}</td>
                <td>
                  {current.sentiment.sufficient && previous.sentiment.sufficient
                    ? points(
                        current.sentiment.shares?.[kind] ?? null,
                        previous.sentiment.shares?.[kind] ?? null,
                      )
                    : '–'}
                </td>
              </tr>
            ))}
            <tr data-measure="net">
              <th scope="row">{t('netSentiment')}</th>
              <td>{locale.signed(current.sentiment.net)}</td>
              <td>{locale.signed(previous.sentiment.net)}</td>
              <td>{points(current.sentiment.net, previous.sentiment.net)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div class="compare-lists">
        <RankedChanges
          title={t('topTerms')}
          kind="terms"
          now={current.terms.map(termRow)}
          before={previous.terms.map(termRow)}
          locale={locale}
          t={t}
        />
        <RankedChanges
          title={t('topSources')}
          kind="sources"
          now={current.sources}
          before={previous.sources}
          locale={locale}
          t={t}
        />
      </div>
    </>
  );
}

const termRow = (row: TermRow): CountRow => ({ key: row.term, label: row.term, count: row.count });

function RankedChanges({
  title,
  kind,
  now,
  before,
  locale,
  t,
}: {
  title: string;
  kind: string;
  now: CountRow[];
  before: CountRow[];
  locale: Locale;
  t: AnalystText;
}) {
  const previous = new Map(before.map((row) => [row.key, row.count]));
  return (
    <div class={`compare-ranked compare-${kind}`}>
      <h4>{title}</h4>
      <ol>
        {now.map((row) => {
          const was = previous.get(row.key);
          return (
            <li key={row.key} data-key={row.key} data-current={row.count} data-previous={was ?? 0}>
              <span class="bar-label">{row.label ?? row.key}</span>{' '}
              <span class="num">{locale.number(row.count)}</span>{' '}
              <span class="muted small">
                {was === undefined
                  ? t('newItem')
                  : changeText(locale, row.count, was, t('noneBefore'))}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
