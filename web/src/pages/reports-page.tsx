// #/reports: archived reports, a weekly report generated on demand, and the policies followed.
import { useState } from 'preact/hooks';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { useLocale } from '../i18n/locale.js';
import { useReportText } from '../reports/report-messages.js';
import { addPolicy, generateWeekly, listPolicies, listReports } from '../reports/reports-api.js';
import '../reports/reports.css';

export function ReportsPage() {
  const api = useApi();
  const locale = useLocale();
  const t = useReportText();
  const [reports, reloadReports] = useAsync(() => listReports(api), [api]);
  const [policies, reloadPolicies] = useAsync(() => listPolicies(api), [api]);
  const [level, setLevel] = useState<'province' | 'ward'>('province');
  const [place, setPlace] = useState('');
  const [week, setWeek] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [policy, setPolicy] = useState({ name: '', query: '', promulgatedOn: '' });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page reports-page">
      <h1>{t('reportsTitle')}</h1>
      <p class="muted">{t('reportsIntro')}</p>
      <section class="panel" aria-label={t('generateWeekly')}>
        <h2>{t('generateWeekly')}</h2>
        <form
          class="report-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const made = await generateWeekly(api, { level, place }, week || undefined);
              location.hash = `#/reports/${made.id}`;
            });
          }}
        >
          <label>
            {t('areaLevel')}
            <select
              value={level}
              onChange={(e) => setLevel(e.currentTarget.value as 'province' | 'ward')}
            >
              <option value="province">{t('levelProvince')}</option>
              <option value="ward">{t('levelWard')}</option>
            </select>
          </label>
          <label>
            {t('place')}
            <input
              id="report-place"
              required
              value={place}
              onInput={(e) => setPlace(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('week')}
            <input
              id="report-week"
              pattern="\d{4}-W\d{2}"
              value={week}
              onInput={(e) => setWeek(e.currentTarget.value)}
            />
          </label>
          <button type="submit" id="generate-weekly" disabled={busy}>
            {busy ? t('generating') : t('generate')}
          </button>
        </form>
        {failure && (
          <p class="error" role="alert">
            {failure}
          </p>
        )}
      </section>
      <section class="panel" aria-label={t('archive')}>
        <h2>{t('archive')}</h2>
        <LoadStatus state={reports} retry={reloadReports} />
        {reports.data && reports.data.reports.length === 0 && <p class="muted">{t('noReports')}</p>}
        <ul class="report-list">
          {reports.data?.reports.map((r) => (
            <li key={r.id}>
              <a href={`#/reports/${r.id}`}>{r.title}</a>{' '}
              <span class="muted">
                {r.kind === 'weekly' ? t('weekly') : t('policy')} · {locale.dateTime(r.generatedAt)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-label={t('policies')}>
        <h2>{t('policies')}</h2>
        <LoadStatus state={policies} retry={reloadPolicies} />
        {policies.data && policies.data.policies.length === 0 && (
          <p class="muted">{t('noPolicies')}</p>
        )}
        <ul>
          {policies.data?.policies.map((p) => (
            <li key={p.id}>
              <a href={`#/policies/${p.id}`}>{p.name}</a>{' '}
              <span class="muted">{p.promulgatedOn}</span>
            </li>
          ))}
        </ul>
        <h3>{t('addPolicy')}</h3>
        <form
          class="report-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const added = await addPolicy(api, policy);
              location.hash = `#/policies/${added.id}`;
            });
          }}
        >
          <label>
            {t('policyName')}
            <input
              required
              value={policy.name}
              onInput={(e) => setPolicy({ ...policy, name: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('policyQuery')}
            <input
              required
              value={policy.query}
              onInput={(e) => setPolicy({ ...policy, query: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('promulgatedOn')}
            <input
              type="date"
              required
              value={policy.promulgatedOn}
              onInput={(e) => setPolicy({ ...policy, promulgatedOn: e.currentTarget.value })}
            />
          </label>
          <button type="submit" disabled={busy}>
            {t('add')}
          </button>
        </form>
      </section>
    </div>
  );
}
