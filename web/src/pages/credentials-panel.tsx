// The installation's platform credentials: status, quota left and last error. Secrets never
// reach the dashboard; the API does not serve them.
import type { CredentialSummary } from '../../../src/http/api-types.js';
import { PlatformLabel } from '../components/platform-label.js';
import type { Locale } from '../i18n/locale.js';
import { useLocale } from '../i18n/locale.js';
import type { MessageKey } from '../i18n/vi.js';

const STATUS: Record<CredentialSummary['status'], { key: MessageKey; className: string }> = {
  ok: { key: 'credentialOk', className: 'status-ok' },
  exhausted: { key: 'credentialExhausted', className: 'status-wait' },
  invalid: { key: 'credentialInvalid', className: 'status-bad' },
};

const BUCKETS: Record<string, MessageKey> = {
  units: 'bucketUnits',
  search: 'bucketSearch',
  requests: 'bucketRequests',
};

/** One line per quota the credential is held to, as of now. */
export function quotaLines(quota: CredentialSummary['quota'], locale: Locale): string[] {
  const lines = quota.buckets.map((bucket) => {
    const name = BUCKETS[bucket.name] ? locale.t(BUCKETS[bucket.name] as MessageKey) : bucket.name;
    const left =
      bucket.remaining === null
        ? locale.t('quotaLeftOpen', { remaining: locale.number(bucket.used) })
        : locale.t('quotaLeft', {
            remaining: locale.number(bucket.remaining),
            limit: locale.number(bucket.limit ?? 0),
          });
    const renews = bucket.resetAt
      ? `, ${locale.t('renewsAt', { time: locale.dateTime(bucket.resetAt) })}`
      : '';
    return `${name}: ${left}${renews}`;
  });
  if (quota.rate)
    lines.push(
      locale.t('rateWindow', {
        remaining: locale.number(quota.rate.remaining),
        limit: quota.rate.limit === null ? '?' : locale.number(quota.rate.limit),
        time: locale.dateTime(quota.rate.resetAt),
      }),
    );
  if (quota.exhaustedUntil)
    lines.push(locale.t('exhaustedUntil', { time: locale.dateTime(quota.exhaustedUntil) }));
  return lines;
}

export function CredentialsPanel({ credentials }: { credentials: CredentialSummary[] }) {
  const locale = useLocale();
  return (
    <section class="panel credentials-panel" aria-labelledby="credentials-title">
      <h2 id="credentials-title">{locale.t('credentialsTitle')}</h2>
      <p class="muted">{locale.t('credentialsIntro')}</p>
      {credentials.length === 0 ? (
        <p>{locale.t('noCredentials')}</p>
      ) : (
        <div class="scroll-x">
          <table class="credentials-table">
            <thead>
              <tr>
                <th scope="col">{locale.t('sourcePlatform')}</th>
                <th scope="col">{locale.t('credentialLabel')}</th>
                <th scope="col">{locale.t('status')}</th>
                <th scope="col">{locale.t('quota')}</th>
                <th scope="col">{locale.t('lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((credential) => {
                const status = STATUS[credential.status];
                return (
                  <tr key={credential.id} data-credential-id={credential.id}>
                    <td>
                      <PlatformLabel platform={credential.platform} />
                    </td>
                    <th scope="row">{credential.label}</th>
                    <td>
                      <span class={`badge ${status.className}`} data-status={credential.status}>
                        {locale.t(status.key)}
                      </span>
                    </td>
                    <td class="quota-cell">
                      {quotaLines(credential.quota, locale).map((line) => (
                        <div key={line}>{line}</div>
                      ))}
                    </td>
                    <td>
                      {credential.lastError ? (
                        <span class="error">{credential.lastError}</span>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
