// Create or edit a topic: name, query and scope, with a live preview of what the query matches
// among stored mentions (count and newest matches) and syntax errors marked at their position,
// all before anything is saved.
import { useEffect, useState } from 'preact/hooks';
import type { Topic } from '../../../src/http/api-types.js';
import { PLATFORMS } from '../../../src/model.js';
import { ApiRequestError } from '../api/api-client.js';
import { useApi } from '../app-context.js';
import { platformName } from '../format/platform-names.js';
import { useLocale } from '../i18n/locale.js';
import { QueryErrorMarker } from '../pages/query-error.js';
import { analystApi, type TopicPreview } from './analyst-api.js';
import { useAnalystText } from './analyst-messages.js';
import {
  charterFields,
  charterProblem,
  charterToday,
  newCharterDraft,
  useCharterUnit,
} from './topic-charter.js';
import { charterProblemText, TopicCharterFields } from './topic-charter-fields.js';
import './analyst.css';

const PREVIEW_DELAY_MS = 350;

type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; query: string; preview: TopicPreview }
  | {
      kind: 'invalid';
      query: string;
      position: number;
      message: string;
      code?: string;
      params?: Record<string, string | number>;
    }
  | { kind: 'failed'; message: string };

export interface TopicEditorProps {
  /** The topic to edit; absent to create one. */
  topic?: Topic;
  onSaved: (topic: Topic) => void;
  onCancel?: () => void;
}

const splitLangs = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => /^[a-z]{2,3}$/.test(part));

export function TopicEditor({ topic, onSaved, onCancel }: TopicEditorProps) {
  const client = useApi();
  const api = analystApi(client);
  const locale = useLocale();
  const t = useAnalystText();
  const [name, setName] = useState(topic?.name ?? '');
  const [query, setQuery] = useState(topic?.query ?? '');
  const [langs, setLangs] = useState((topic?.langs ?? []).join(', '));
  const [platforms, setPlatforms] = useState<string[]>(topic?.platforms ?? []);
  const [preview, setPreview] = useState<PreviewState>({ kind: 'idle' });
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A new topic says what it is for; an existing one keeps its charter (changed on its own).
  const unit = useCharterUnit(client);
  const today = charterToday(locale.timeZone);
  const [charter, setCharter] = useState(() => newCharterDraft(null, today));
  const charterIssue = topic ? null : charterProblem(charter, today, unit?.manages ?? false);
  const idPrefix = topic ? `topic-edit-${topic.id}` : 'topic-new';
  const scopeKey = JSON.stringify([query, splitLangs(langs), platforms]);

  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setPreview({ kind: 'idle' });
      return;
    }
    let current = true;
    setPreview((previous) => (previous.kind === 'ready' ? previous : { kind: 'loading' }));
    const timer = setTimeout(() => {
      const langList = splitLangs(langs);
      api
        .previewTopic({
          query: text,
          langs: langList.length > 0 ? langList : null,
          platforms: platforms.length > 0 ? platforms : null,
        })
        .then(
          (result) => current && setPreview({ kind: 'ready', query, preview: result }),
          (error: Error) => {
            if (!current) return;
            if (error instanceof ApiRequestError && error.detail?.position !== undefined)
              setPreview({
                kind: 'invalid',
                query,
                position: error.detail.position,
                message: error.message,
                code: error.detail.code,
                params: error.detail.params ?? {},
              });
            else setPreview({ kind: 'failed', message: error.message });
          },
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, scopeKey]);

  const invalid = preview.kind === 'invalid' && preview.query === query;

  const save = async (event: Event) => {
    event.preventDefault();
    if (invalid || !query.trim()) return;
    if (charterIssue) {
      setFailure(charterProblemText(locale.lang, charterIssue));
      return;
    }
    setSaving(true);
    setFailure(null);
    const langList = splitLangs(langs);
    const body = {
      name: name.trim() || query.trim().slice(0, 60),
      query: query.trim(),
      langs: langList.length > 0 ? langList : null,
      platforms: platforms.length > 0 ? platforms : null,
      ...(topic ? {} : charterFields(charter, unit, locale.timeZone)),
    };
    try {
      const saved = topic
        ? await api.updateTopic(topic.id, body as never)
        : await client.createTopic(body as never);
      onSaved(saved);
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    // The form says itself, in the reader's language, what keeps a topic from being saved.
    <form
      class="panel topic-editor"
      onSubmit={save}
      noValidate
      aria-labelledby={`${idPrefix}-title`}
    >
      <h2 id={`${idPrefix}-title`}>{topic ? t('editTopic') : t('newTopic')}</h2>
      <label for={`${idPrefix}-name`}>{t('topicNameLabel')}</label>
      <input
        id={`${idPrefix}-name`}
        class="topic-name-input"
        value={name}
        maxLength={200}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <label for={`${idPrefix}-query`}>{t('topicQueryLabel')}</label>
      <input
        id={`${idPrefix}-query`}
        class="query-input topic-query-input"
        value={query}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={invalid}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {invalid && preview.kind === 'invalid' && (
        <QueryErrorMarker
          query={query}
          position={preview.position}
          message={preview.message}
          code={preview.code}
          params={preview.params}
        />
      )}
      <label for={`${idPrefix}-langs`}>{t('topicLangsLabel')}</label>
      <input
        id={`${idPrefix}-langs`}
        value={langs}
        placeholder="vi, en"
        onInput={(e) => setLangs(e.currentTarget.value)}
      />
      <fieldset class="platform-choices">
        <legend>{t('topicPlatformsLabel')}</legend>
        {PLATFORMS.map((platform) => (
          <label key={platform} class="inline-choice">
            <input
              type="checkbox"
              value={platform}
              checked={platforms.includes(platform)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setPlatforms((list) =>
                  on ? [...list, platform] : list.filter((p) => p !== platform),
                );
              }}
            />
            {platformName(platform, locale.t)}
          </label>
        ))}
      </fieldset>
      {!topic && (
        <TopicCharterFields
          idPrefix={idPrefix}
          unit={unit}
          draft={charter}
          today={today}
          onChange={setCharter}
        />
      )}
      <section class="topic-preview" aria-live="polite" aria-labelledby={`${idPrefix}-preview`}>
        <h3 id={`${idPrefix}-preview`}>{t('previewTitle')}</h3>
        {preview.kind === 'loading' && <p class="muted">{t('previewLoading')}</p>}
        {preview.kind === 'failed' && (
          <p class="error">{t('actionFailed', { message: preview.message })}</p>
        )}
        {preview.kind === 'ready' && (
          <>
            <p class="preview-count" data-total={preview.preview.total}>
              {preview.preview.total === 0
                ? t('previewNone')
                : t(preview.preview.exact ? 'previewCount' : 'previewCountAtLeast', {
                    n: locale.number(preview.preview.total),
                  })}
            </p>
            <ul class="preview-list">
              {preview.preview.mentions.map((mention) => (
                <li key={mention.id} data-mention-id={mention.id}>
                  <strong>{mention.title ?? mention.text.slice(0, 80)}</strong>{' '}
                  <span class="muted small">
                    {locale.dateTime(mention.publishedAt ?? mention.collectedAt)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <div class="form-actions">
        <button type="submit" class="topic-save" disabled={saving || invalid || !query.trim()}>
          {topic ? t('save') : t('create')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
      {failure && (
        <p class="error" role="alert">
          {t('actionFailed', { message: failure })}
        </p>
      )}
    </form>
  );
}
