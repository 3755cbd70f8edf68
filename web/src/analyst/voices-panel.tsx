// The pages, channels and outlets that drive a topic: mentions, interactions and sentiment.
// Persons never appear (the route leaves them out).
import type { FilterParams } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { PlatformLabel } from '../components/platform-label.js';
import { useAsync } from '../components/use-async.js';
import { useLocale } from '../i18n/locale.js';
import { analystApi } from './analyst-api.js';
import { type AnalystKey, useAnalystText } from './analyst-messages.js';
import { ExportButtons } from './export-buttons.js';

const KIND_KEYS: Record<string, AnalystKey> = {
  page: 'kindPage',
  channel: 'kindChannel',
  outlet: 'kindOutlet',
};

export function VoicesPanel({ filter, refresh }: { filter: FilterParams; refresh: number }) {
  const api = analystApi(useApi());
  const locale = useLocale();
  const t = useAnalystText();
  const key = JSON.stringify(filter);
  const [state, retry] = useAsync(() => api.voices(filter, 10), [key, refresh]);
  const voices = state.data ?? [];
  return (
    <section class="panel panel-wide voices-panel" aria-labelledby="voices-title">
      <h3 id="voices-title">{t('voicesTitle')}</h3>
      <p class="muted small">{t('voicesIntro')}</p>
      <ExportButtons what={t('voicesTitle')} chart="voices" params={filter} />
      <LoadStatus state={state} retry={retry} />
      {state.data && voices.length === 0 && <p class="muted">{t('noVoices')}</p>}
      {voices.length > 0 && (
        <div class="table-wrap">
          <table class="voices-table">
            <thead>
              <tr>
                <th scope="col">{t('voiceName')}</th>
                <th scope="col">{t('voiceMentions')}</th>
                <th scope="col">{t('voiceReach')}</th>
                <th scope="col">{t('voiceSentiment')}</th>
              </tr>
            </thead>
            <tbody>
              {voices.map((voice) => (
                <tr key={`${voice.platform}-${voice.kind}-${voice.name}`} data-kind={voice.kind}>
                  <th scope="row">
                    <span class="voice-name">{voice.name}</span>{' '}
                    <span class="muted small">
                      {t(KIND_KEYS[voice.kind] ?? 'kindPage')} ·{' '}
                      <PlatformLabel platform={voice.platform} />
                    </span>
                  </th>
                  <td class="num">{locale.number(voice.mentions)}</td>
                  <td class="num">{locale.number(voice.reach)}</td>
                  <td class="num">
                    <span class="sentiment-positive-text">{locale.number(voice.positive)}</span> /{' '}
                    {locale.number(voice.neutral)} /{' '}
                    <span class="sentiment-negative-text">{locale.number(voice.negative)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
