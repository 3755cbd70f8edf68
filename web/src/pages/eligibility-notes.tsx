// What each platform's official interface lets a self-hosted installation collect, as the
// server's platform modules describe it (so the notes are written once, there).
import type { PlatformInfo } from '../../../src/http/api-types.js';
import { PlatformLabel } from '../components/platform-label.js';
import { useLocale } from '../i18n/locale.js';

/** One platform's notes: the paragraph, whether nghe collects it, and the credential it takes. */
export function EligibilityNote({ info }: { info: PlatformInfo }) {
  const locale = useLocale();
  return (
    <div class="eligibility-note" data-platform={info.platform}>
      <p>
        <span class={`badge ${info.collects ? 'status-ok' : 'status-off'}`}>
          {info.collects ? locale.t('collectsYes') : locale.t('collectsImportOnly')}
        </span>
      </p>
      <p class="cannot-see">
        <strong>{locale.t('cannotSee')}</strong> <span lang="en">{info.cannotSee}</span>
      </p>
      <p lang="en">{info.eligibility}</p>
      {info.credential && (
        <p class="muted small">
          {locale.t('credentialNeeds', {
            fields: info.credential.fields.map((f) => f.name).join(', '),
            help: info.credential.help,
          })}
        </p>
      )}
    </div>
  );
}

export function EligibilityNotes({
  platforms,
  open,
}: {
  platforms: PlatformInfo[];
  open?: string;
}) {
  const locale = useLocale();
  return (
    <section class="panel eligibility-panel" aria-labelledby="eligibility-title">
      <h2 id="eligibility-title">{locale.t('eligibilityTitle')}</h2>
      <p class="muted">{locale.t('eligibilityIntro')}</p>
      {platforms.map((info) => (
        <details key={info.platform} open={info.platform === open} data-platform={info.platform}>
          <summary>
            <PlatformLabel platform={info.platform} />
          </summary>
          <EligibilityNote info={info} />
        </details>
      ))}
    </section>
  );
}
