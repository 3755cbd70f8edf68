// Adding a source from the address a user sees. As they type, the server says what it would
// follow (the same reading source creation uses), with that platform's eligibility notes.
import { useEffect, useState } from 'preact/hooks';
import { SOURCE_KINDS } from '../../../src/connectors/source-kinds.js';
import type {
  NewSourceBody,
  PlatformInfo,
  RecognisedSource,
  Source,
} from '../../../src/http/api-types.js';
import { useApi } from '../app-context.js';
import { PlatformLabel } from '../components/platform-label.js';
import { platformName } from '../format/platform-names.js';
import { describeFollow, platformOfKind, sourceFollows } from '../format/source-health.js';
import { sourceKindName } from '../format/source-kind-names.js';
import { useLocale } from '../i18n/locale.js';
import { EligibilityNote } from './eligibility-notes.js';

const RECOGNISE_DELAY_MS = 350;
function looksLikeUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

export function AddSourceForm({
  platforms,
  onAdded,
}: {
  platforms: PlatformInfo[];
  onAdded: (source: Source) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState('');
  const [recognised, setRecognised] = useState<{
    key: string;
    source: RecognisedSource | null;
    error: string | null;
  } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const key = `${kind}\u0000${url.trim()}`;
  useEffect(() => {
    const text = url.trim();
    if (!looksLikeUrl(text)) {
      setRecognised(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.recogniseSource(text, kind || undefined).then(
        (source) => current && setRecognised({ key, source, error: null }),
        (error: Error) => current && setRecognised({ key, source: null, error: error.message }),
      );
    }, RECOGNISE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);

  const shown = recognised?.key === key ? recognised : null;
  const platform = shown?.source?.platform ?? (kind ? platformOfKind(kind) : null);
  const info = platforms.find((p) => p.platform === platform);

  const add = async (event: Event) => {
    event.preventDefault();
    const body: NewSourceBody = { url: url.trim() };
    if (kind) body.kind = kind as NonNullable<NewSourceBody['kind']>;
    try {
      const source = await api.addSource(body);
      setMessage({
        ok: true,
        text: locale.t('sourceAddedAs', {
          platform: platformName(platformOfKind(source.kind), locale.t),
          follow: sourceFollows(source, locale),
          url: source.url,
        }),
      });
      setUrl('');
      onAdded(source);
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <form class="panel add-source" onSubmit={add} aria-labelledby="add-source-title">
      <h2 id="add-source-title">{locale.t('addSource')}</h2>
      <label for="source-url">{locale.t('sourceUrl')}</label>
      <input
        id="source-url"
        type="url"
        required
        value={url}
        aria-describedby="source-url-help source-recognised"
        onInput={(e) => {
          setUrl(e.currentTarget.value);
          setMessage(null);
        }}
      />
      <p id="source-url-help" class="muted small">
        {locale.t('sourceUrlHelp')}
      </p>
      <label for="source-kind">{locale.t('sourceKind')}</label>
      <select id="source-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
        <option value="">{locale.t('kindAuto')}</option>
        {SOURCE_KINDS.map((k) => (
          <option key={k} value={k}>
            {sourceKindName(k, locale.t)}
          </option>
        ))}
      </select>
      <div id="source-recognised" aria-live="polite">
        {shown?.source && (
          <p
            class="recognised"
            data-kind={shown.source.kind}
            data-follow={shown.source.follow ?? ''}
          >
            {locale.t('recognised')} <PlatformLabel platform={shown.source.platform} /> ·{' '}
            <span class="recognised-follow">
              {describeFollow(
                shown.source.kind,
                shown.source.follow,
                shown.source.settings,
                locale,
              )}
            </span>
          </p>
        )}
        {shown?.error && <p class="error recognised-error">{shown.error}</p>}
        {!shown && looksLikeUrl(url.trim()) && <p class="muted small">{locale.t('recognising')}</p>}
      </div>
      {info && <EligibilityNote info={info} />}
      <button type="submit">{locale.t('addSourceButton')}</button>
      {message && (
        <p
          class={message.ok ? 'ok' : 'error'}
          role={message.ok ? 'status' : 'alert'}
          id="add-source-message"
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
