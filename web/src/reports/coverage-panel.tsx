// The coverage statement of a report, as every report page shows it.
import type { CoverageStatement } from '../../../src/reports/coverage.js';
import { platformName } from '../format/platform-names.js';
import { useLocale } from '../i18n/locale.js';
import { useReportText } from './report-messages.js';

export function CoveragePanel({ coverage }: { coverage: CoverageStatement }) {
  const t = useReportText();
  const locale = useLocale();
  return (
    <section class="panel" aria-label={t('coverage')}>
      <h3>{t('coverage')}</h3>
      <ul>
        {coverage.platforms.map((p) => (
          <li key={p.platform}>
            <strong>{platformName(p.platform, locale.t)}</strong>: {p.mentions} · {p.sources}
            <p class="muted">
              {t('cannotSee')}: {p.cannotSee}
            </p>
          </li>
        ))}
      </ul>
      <h4>{t('problems')}</h4>
      {coverage.problems.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ul>
          {coverage.problems.map((p) => (
            <li key={p.sourceId}>
              {p.title}: {p.problem}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('gaps')}</h4>
      {coverage.gaps.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ul>
          {coverage.gaps.map((g) => (
            <li key={g.from}>
              {locale.timeRange(g.from, g.to)} ({g.hours} h)
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
