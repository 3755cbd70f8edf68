// Every source with its platform, what it follows and its health in plain words (a spent quota,
// a missing or refused credential, a response set aside), the platform credentials with their
// quota, adding a source with each platform's eligibility notes, and importing a list.
import { useState } from 'preact/hooks';
import type { ImportResult, Source } from '../../../src/http/api-types.js';
import { analystApi } from '../analyst/analyst-api.js';
import { type AnalystText, useAnalystText } from '../analyst/analyst-messages.js';
import { failingSources, plainSourceError } from '../analyst/source-errors.js';
import '../analyst/analyst.css';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { PlatformLabel } from '../components/platform-label.js';
import { useAsync } from '../components/use-async.js';
import { platformOfKind, sourceFollows, sourceStatus } from '../format/source-health.js';
import { type Locale, useLocale } from '../i18n/locale.js';
import { AddSourceForm } from './add-source-form.js';
import { CredentialsPanel } from './credentials-panel.js';
import { EligibilityNotes } from './eligibility-notes.js';

export function SourcesPage() {
  const api = useApi();
  const locale = useLocale();
  const [state, retry] = useAsync(() => Promise.all([api.sources(), api.credentials()]), [api]);
  const [platformState, retryPlatforms] = useAsync(() => api.platforms(), [api]);
  const [message, setMessage] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [sources, credentials] = state.data ?? [null, null];
  const platforms = platformState.data ?? [];
  const t = useAnalystText();
  const failing = sources ? failingSources(sources) : [];

  const importFile = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    const text = await file.text();
    const isOpml = /\.(opml|xml)$/i.test(file.name) || text.trimStart().startsWith('<');
    try {
      setImported(await api.importSources(text, isOpml ? 'text/x-opml' : 'text/csv'));
      retry();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="sources-title">
      <h1 id="sources-title">{locale.t('sourcesTitle')}</h1>
      <LoadStatus state={state} retry={retry} />
      {sources && sources.length === 0 && <p>{locale.t('noSources')}</p>}
      {sources && sources.length > 0 && (
        <section
          class={`panel failing-summary ${failing.length > 0 ? 'has-failing' : ''}`}
          aria-labelledby="failing-title"
        >
          <h2 id="failing-title" data-count={failing.length}>
            {failing.length === 0
              ? t('noneFailing')
              : failing.length === 1
                ? t('failingOne')
                : t('failingCount', { n: failing.length })}
          </h2>
          {failing.length > 0 && (
            <ul class="failing-list">
              {failing.map((source) => (
                <li key={source.id} data-source-id={source.id}>
                  <strong>{source.title ?? source.url}</strong>:{' '}
                  {plainSourceError(source.health.lastError ?? '', t)}{' '}
                  <span class="muted small">
                    {t('lastErrorAt', { time: locale.dateTime(source.health.lastErrorAt) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {sources && sources.length > 0 && (
        <div class="table-wrap">
          <table class="sources-table">
            <thead>
              <tr>
                <th scope="col">{locale.t('sourceTitle')}</th>
                <th scope="col">{locale.t('sourcePlatform')}</th>
                <th scope="col">{locale.t('sourceFollows')}</th>
                <th scope="col">{locale.t('status')}</th>
                <th scope="col">{locale.t('credentialColumn')}</th>
                <th scope="col">{locale.t('lastSuccess')}</th>
                <th scope="col">{locale.t('items')}</th>
                <th scope="col">{t('sourceActions')}</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <SourceRow
                  key={source.id}
                  source={source}
                  locale={locale}
                  t={t}
                  onChanged={retry}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {credentials && <CredentialsPanel credentials={credentials} />}
      <div class="source-forms">
        <AddSourceForm platforms={platforms} onAdded={retry} />
        <form class="panel" onSubmit={importFile} aria-labelledby="import-title">
          <h2 id="import-title">{locale.t('importSources')}</h2>
          <p class="muted">{locale.t('importHelp')}</p>
          <label for="import-file">{locale.t('importFile')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.txt,.opml,.xml,text/csv,text/plain,text/x-opml"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
          <button type="submit" disabled={!file}>
            {locale.t('importButton')}
          </button>
          {imported && (
            <div role="status">
              <p class="ok">
                {locale.t('importResult', {
                  added: imported.added,
                  existing: imported.existing,
                  rejected: imported.rejected.length,
                })}
              </p>
              <ul>
                {imported.rejected.map((row) => (
                  <li key={row.line} class="error">
                    {locale.t('importRejected', { line: row.line, reason: row.reason })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {message && (
            <p class="error" role="alert">
              {message}
            </p>
          )}
        </form>
      </div>
      <LoadStatus state={platformState} retry={retryPlatforms} />
      {platforms.length > 0 && <EligibilityNotes platforms={platforms} />}
    </section>
  );
}

function SourceRow({
  source,
  locale,
  t,
  onChanged,
}: {
  source: Source;
  locale: Locale;
  t: AnalystText;
  onChanged: () => void;
}) {
  const status = sourceStatus(source, locale);
  const failing = failingSources([source]).length > 0;
  const { health } = source;
  const credential = health.credential ?? null;
  return (
    <tr data-source-id={source.id} data-status={status.className}>
      <th scope="row">
        <span class="source-title">{source.title ?? source.url}</span>
        <br />
        <a href={source.url} class="muted small" target="_blank" rel="noopener noreferrer">
          {source.url}
        </a>
      </th>
      <td>
        <PlatformLabel platform={platformOfKind(source.kind)} />
      </td>
      <td class="source-follows">{sourceFollows(source, locale)}</td>
      <td class="source-status">
        <span class={`badge ${status.className}`}>{status.label}</span>
        {status.reason && <p class="status-reason">{status.reason}</p>}
        {failing && !status.reason && (
          <p class="status-reason plain-error">{plainSourceError(health.lastError ?? '', t)}</p>
        )}
        {status.detail && (
          <p class="muted small status-detail">
            {status.detail}
            {health.lastErrorAt && !health.paused && ` · ${locale.dateTime(health.lastErrorAt)}`}
          </p>
        )}
        {health.consecutiveFailures > 0 && (
          <p class="muted small">
            {locale.t('failures')}: {locale.number(health.consecutiveFailures)}
          </p>
        )}
        {health.quarantine && (
          <p class="small quarantine-note">
            {locale.t('quarantined', {
              time: locale.dateTime(health.quarantine.at),
              reason: health.quarantine.reason,
            })}
          </p>
        )}
      </td>
      <td class="source-credential">
        {credential ? (
          <>
            {locale.t('credentialShort', { label: credential.label })}
            {credential.remaining !== null && (
              <>
                <br />
                <span class="quota-left">
                  {credential.limit === null
                    ? locale.t('quotaLeftOpen', { remaining: locale.number(credential.remaining) })
                    : locale.t('quotaLeft', {
                        remaining: locale.number(credential.remaining),
                        limit: locale.number(credential.limit),
                      })}
                </span>
              </>
            )}
            {credential.resetAt && (
              <>
                <br />
                <span class="muted small">
                  {locale.t('renewsAt', { time: locale.dateTime(credential.resetAt) })}
                </span>
              </>
            )}
            {credential.lastError && (
              <>
                <br />
                <span class="error small">{credential.lastError}</span>
              </>
            )}
          </>
        ) : (
          '–'
        )}
      </td>
      <td>{locale.dateTime(health.lastSuccessAt)}</td>
      <td class="num">
        {locale.number(health.lastItemCount)} ({locale.number(health.lastNewCount)})
      </td>
      <td>
        <SourceActions source={source} t={t} onChanged={onChanged} />
      </td>
    </tr>
  );
}

function SourceActions({
  source,
  t,
  onChanged,
}: {
  source: Source;
  t: AnalystText;
  onChanged: () => void;
}) {
  const api = analystApi(useApi());
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      setNote(done ?? null);
      onChanged();
    } catch (error) {
      setNote(t('actionFailed', { message: (error as Error).message }));
    }
  };
  const name = source.title ?? source.url;
  return (
    <div class="source-actions">
      <button
        type="button"
        class="source-toggle"
        onClick={() => act(() => api.setSourceEnabled(source.id, !source.enabled))}
      >
        {source.enabled ? t('pauseSource') : t('resumeSource')}
      </button>
      <button
        type="button"
        class="source-retry"
        onClick={() => act(() => api.retrySource(source.id), t('retryQueued'))}
      >
        {t('retrySource')}
      </button>
      <button type="button" class="source-remove danger" onClick={() => setConfirming(true)}>
        {t('removeSource')}
      </button>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-label={t('confirmRemoveSource', { name })}>
          <p>{t('confirmRemoveSource', { name })}</p>
          <button
            type="button"
            class="source-remove-confirm danger"
            onClick={() => act(() => api.removeSource(source.id))}
          >
            {t('removeSource')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
      {note && (
        <p class="small" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
