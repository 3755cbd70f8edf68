// A policy assessment: the two windows, the tests, the before/after chart, the arguments on
// each side and the coverage statement.
import type { ArgumentSide, PolicyAssessment } from '../../../src/reports/policy/assess-policy.js';
import { platformName } from '../format/platform-names.js';
import { useLocale } from '../i18n/locale.js';
import { BeforeAfterChart } from './before-after-chart.js';
import { CoveragePanel } from './coverage-panel.js';
import { type ReportText, useReportText } from './report-messages.js';

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
const pval = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

function verdict(t: ReportText, p: number | null, significant: boolean): string {
  if (p === null) return t('notTested');
  return significant ? t('significant', { p: pval(p) }) : t('notSignificant', { p: pval(p) });
}

function Side({ side, title }: { side: ArgumentSide; title: string }) {
  const t = useReportText();
  const locale = useLocale();
  return (
    <section class="panel" aria-label={title}>
      <h3>{title}</h3>
      <p>{side.terms.map((term) => term.term).join(' · ') || '—'}</p>
      <ul>
        {side.mentions.map((m) => (
          <li key={m.id}>
            <strong>{m.author ?? `${t('person')} (${platformName(m.platform, locale.t)})`}</strong>:{' '}
            {m.title ? `${m.title} — ` : ''}
            {m.excerpt}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PolicyView({ assessment: a }: { assessment: PolicyAssessment }) {
  const t = useReportText();
  return (
    <div class="policy-view">
      <h1>{t('policyTitle', { name: a.policy.name })}</h1>
      <p class="muted">
        {t('promulgatedOn')}: {a.policy.promulgatedOn} · <code>{a.policy.query}</code>
      </p>
      <table class="report-issues">
        <thead>
          <tr>
            <th />
            <th>{t('mentions')}</th>
            <th>{t('authors')}</th>
            <th>{t('negativeShare')}</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              [t('before'), a.before],
              [t('after'), a.after],
            ] as const
          ).map(([name, w]) => (
            <tr key={name}>
              <th>
                {name} ({w.firstDay} – {w.lastDay},{' '}
                {t('days', { done: w.completeDays, all: w.days })})
              </th>
              <td>{w.mentions}</td>
              <td>{w.distinctAuthors}</td>
              <td>
                {w.suppressed
                  ? t('withheld')
                  : `${pct(w.sentiment?.shares?.negative)} (${pct(w.sentiment?.intervals?.negative[0])}–${pct(w.sentiment?.intervals?.negative[1])})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id="volume-verdict">
        {t('volumeChange')}:{' '}
        {a.volume.rateRatio === null ? '—' : `×${a.volume.rateRatio.toFixed(2)}`} ·{' '}
        {verdict(t, a.volume.pValue, a.volume.significant)}
      </p>
      <p id="negative-verdict">
        {t('negativeChange')}:{' '}
        {a.negativeShare.difference === null
          ? t('notTested')
          : `${a.negativeShare.difference >= 0 ? '+' : ''}${(a.negativeShare.difference * 100).toFixed(1)} pp · ${verdict(t, a.negativeShare.pValue, a.negativeShare.significant)}`}
      </p>
      <BeforeAfterChart days={a.trajectory} label={t('chartLabel')} />
      <Side side={a.against} title={t('against')} />
      <Side side={a.support} title={t('support')} />
      <CoveragePanel coverage={a.coverage} />
      <h3>{t('methods')}</h3>
      <ul class="muted">
        {a.methods.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
