// Health of every source, adding one, and importing a list.
import { useState } from 'preact/hooks';
import type { ImportResult, NewSourceBody, Source } from '../../../src/http/api-types.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { type Locale, useLocale } from '../i18n/locale.js';

function health(source: Source, locale: Locale): { label: string; className: string } {
  if (!source.enabled) return { label: locale.t('disabled'), className: 'status-off' };
  if (source.health.consecutiveFailures > 0)
    return { label: locale.t('failing'), className: 'status-bad' };
  return { label: locale.t('healthy'), className: 'status-ok' };
}

export function SourcesPage() {
  const api = useApi();
  const locale = useLocale();
  const [state, retry] = useAsync(() => api.sources(), [api]);
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [file, setFile] = useState<File | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    const body: NewSourceBody = { url: url.trim() };
    if (kind) body.kind = kind as NonNullable<NewSourceBody['kind']>;
    try {
      const source = await api.addSource(body);
      setMessage({ ok: true, text: locale.t('sourceAdded', { url: source.url }) });
      setUrl('');
      retry();
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  const importFile = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    const text = await file.text();
    const isOpml = /\.(opml|xml)$/i.test(file.name) || text.trimStart().startsWith('<');
    try {
      setImported(await api.importSources(text, isOpml ? 'text/x-opml' : 'text/csv'));
      retry();
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <section aria-labelledby="sources-title">
      <h1 id="sources-title">{locale.t('sourcesTitle')}</h1>
      <LoadStatus state={state} retry={retry} />
      {state.data && state.data.length === 0 && <p>{locale.t('noSources')}</p>}
      {state.data && state.data.length > 0 && (
        <div class="table-wrap">
          <table class="sources-table">
            <thead>
              <tr>
                <th scope="col">{locale.t('sourceTitle')}</th>
                <th scope="col">{locale.t('sourceKind')}</th>
                <th scope="col">{locale.t('status')}</th>
                <th scope="col">{locale.t('lastSuccess')}</th>
                <th scope="col">{locale.t('lastError')}</th>
                <th scope="col">{locale.t('failures')}</th>
                <th scope="col">{locale.t('items')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((source) => {
                const status = health(source, locale);
                return (
                  <tr key={source.id} data-source-id={source.id}>
                    <th scope="row">
                      <span class="source-title">{source.title ?? source.url}</span>
                      <br />
                      <a
                        href={source.url}
                        class="muted small"
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        {source.url}
                      </a>
                    </th>
                    <td>{source.kind}</td>
                    <td>
                      <span class={`badge ${status.className}`}>{status.label}</span>
                    </td>
                    <td>{locale.dateTime(source.health.lastSuccessAt)}</td>
                    <td>
                      {source.health.lastError ? (
                        <>
                          <span class="error">{source.health.lastError}</span>
                          <br />
                          <span class="muted small">
                            {locale.dateTime(source.health.lastErrorAt)}
                          </span>
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td class="num">{locale.number(source.health.consecutiveFailures)}</td>
                    <td class="num">
                      {locale.number(source.health.lastItemCount)} (
                      {locale.number(source.health.lastNewCount)})
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div class="source-forms">
        <form class="panel" onSubmit={add} aria-labelledby="add-source-title">
          <h2 id="add-source-title">{locale.t('addSource')}</h2>
          <label for="source-url">{locale.t('sourceUrl')}</label>
          <input
            id="source-url"
            type="url"
            required
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
          <label for="source-kind">{locale.t('sourceKind')}</label>
          <select id="source-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">{locale.t('kindAuto')}</option>
            <option value="feed">{locale.t('kindFeed')}</option>
            <option value="sitemap">{locale.t('kindSitemap')}</option>
            <option value="article">{locale.t('kindArticle')}</option>
          </select>
          <button type="submit">{locale.t('addSourceButton')}</button>
        </form>
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
        </form>
      </div>
      {message && (
        <p class={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
