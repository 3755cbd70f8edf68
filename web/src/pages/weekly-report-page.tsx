// #/reports/ID: one archived report: the week's issues of an area (or a policy assessment),
// with its PDF and CSV exports.
import type { WeeklyReport } from '../../../src/reports/weekly/weekly-report.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { CoveragePanel } from '../reports/coverage-panel.js';
import { DownloadButtons } from '../reports/download-buttons.js';
import { PolicyView } from '../reports/policy-view.js';
import { useReportText } from '../reports/report-messages.js';
import { getReport } from '../reports/reports-api.js';
import '../reports/reports.css';

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;

function WeeklyView({ report: r }: { report: WeeklyReport }) {
  const t = useReportText();
  return (
    <div class="weekly-view">
      <h1>{t('weeklyTitle', { week: r.week, area: r.area.label })}</h1>
      <p class="muted">
        {r.firstDay} – {r.lastDay}
      </p>
      {r.issues.length === 0 ? (
        <p>{t('noIssues')}</p>
      ) : (
        <ol class="weekly-issues">
          {r.issues.map((issue) => (
            <li key={issue.rank} class="panel">
              <h2 class="issue-title">{issue.title}</h2>
              <p>
                {t('score')} {issue.factors.score.toFixed(1)} = {issue.factors.authors}{' '}
                {t('authors').toLowerCase()} × {pct(issue.factors.negativeShare)} ×{' '}
                {issue.factors.growth.toFixed(2)}
              </p>
              <p>
                {t('negative')}: {pct(issue.sentiment.shares?.negative)} (
                {pct(issue.sentiment.intervals?.negative[0])}–
                {pct(issue.sentiment.intervals?.negative[1])}) · {t('growth')} ×
                {issue.factors.growth.toFixed(2)}
              </p>
              <p>
                {t('sources')}:{' '}
                {issue.sources.map((s) => `${s.title} (${s.mentions})`).join('; ') || '—'}
              </p>
              <p class="trend">
                {issue.trend.map((d) => (
                  <span key={d.day} title={`${d.day}: ${d.authors}`} class="trend-day">
                    {d.authors}{' '}
                  </span>
                ))}
              </p>
              <h3>{t('examples')}</h3>
              <ul>
                {issue.representative.map((m) => (
                  <li key={m.id}>
                    <strong>{m.author ?? `${t('person')} (${m.platform})`}</strong>:{' '}
                    {m.title ? `${m.title} — ` : ''}
                    {m.excerpt}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <CoveragePanel coverage={r.coverage} />
      <h3>{t('methods')}</h3>
      <ul class="muted">
        {r.methods.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}

export function WeeklyReportPage({ reportId }: { reportId: number }) {
  const api = useApi();
  const [state, retry] = useAsync(() => getReport(api, reportId), [api, reportId]);
  return (
    <div class="page report-page">
      <LoadStatus state={state} retry={retry} />
      {state.data && (
        <>
          <DownloadButtons reportId={reportId} />
          {state.data.body.kind === 'weekly' ? (
            <WeeklyView report={state.data.body} />
          ) : (
            <PolicyView assessment={state.data.body} />
          )}
        </>
      )}
    </div>
  );
}
