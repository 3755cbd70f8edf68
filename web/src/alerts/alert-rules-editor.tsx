// The topic page's alert rules: listed with pause, resume and remove, and a form to add one.
import { useState } from 'preact/hooks';
import type { AlertKind } from '../../../src/alerts/alert-types.js';
import { DEFAULT_STORY_SIZE } from '../../../src/alerts/story-rules.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { useLocale } from '../i18n/locale.js';
import { alertText } from './alert-messages.js';
import {
  createRule,
  deleteRule,
  type NewRule,
  type RuleView,
  rulesOf,
  updateRule,
} from './alerts-api.js';
import './alerts.css';

const KIND_LABEL = {
  volume_spike: 'kindVolume',
  negative_spike: 'kindNegative',
  new_story: 'kindStory',
  match: 'kindMatch',
} as const;

export function AlertRulesEditor({ topicId }: { topicId: number }) {
  const api = useApi();
  const locale = useLocale();
  const t = (key: Parameters<typeof alertText>[1], values?: Record<string, string | number>) =>
    alertText(locale.lang, key, values);
  const [rules, reload] = useAsync(
    () => rulesOf(api, topicId).then((r) => r.rules),
    [api, topicId],
  );
  const [kind, setKind] = useState<AlertKind>('volume_spike');
  const [query, setQuery] = useState('');
  const [storySize, setStorySize] = useState(DEFAULT_STORY_SIZE);
  const [emails, setEmails] = useState('');
  const [digest, setDigest] = useState(false);
  const [digestMinutes, setDigestMinutes] = useState(60);
  const [webhookUrl, setWebhookUrl] = useState('');
  const [quietStart, setQuietStart] = useState('');
  const [quietEnd, setQuietEnd] = useState('');
  const [dailyCap, setDailyCap] = useState(20);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSecret(null);
    const body: NewRule = {
      kind,
      emails: emails
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== ''),
      dailyCap,
    };
    if (kind === 'match') body.query = query;
    if (kind === 'new_story') body.settings = { size: storySize };
    if (digest) {
      body.emailDigest = true;
      body.digestMinutes = digestMinutes;
    }
    if (webhookUrl.trim()) body.webhookUrl = webhookUrl.trim();
    if (quietStart || quietEnd) {
      body.quietStart = quietStart || null;
      body.quietEnd = quietEnd || null;
    }
    try {
      const created = await createRule(api, topicId, body);
      setSecret(created.webhookSecret);
      setQuery('');
      reload();
    } catch (caught) {
      setError(t('ruleRefused', { message: (caught as Error).message }));
    }
  };

  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (caught) {
      setError(t('ruleRefused', { message: (caught as Error).message }));
    }
    reload();
  };

  const describe = (rule: RuleView) =>
    [
      rule.kind === 'match'
        ? `${t('kindMatch')}: ${rule.query}`
        : rule.kind === 'new_story'
          ? t('storySummary', { n: rule.settings.size ?? DEFAULT_STORY_SIZE })
          : t(KIND_LABEL[rule.kind]),
      ...rule.emails.map((e) => (rule.emailDigest ? `${e} (${t('digest').toLowerCase()})` : e)),
      ...(rule.webhookUrl ? [rule.webhookUrl] : []),
      ...(rule.quietStart
        ? [t('quietSummary', { start: rule.quietStart, end: rule.quietEnd ?? '' })]
        : []),
      t('capSummary', { n: rule.dailyCap }),
      ...(rule.enabled ? [] : [t('paused')]),
    ].join(' · ');

  return (
    <section class="alert-rules" aria-labelledby="alert-rules-title" id="alert-rules">
      <h2 id="alert-rules-title">{t('rulesTitle')}</h2>
      <p class="muted">{t('rulesIntro')}</p>
      <LoadStatus state={rules} retry={reload} />
      {rules.data?.length === 0 && <p class="muted">{t('noRules')}</p>}
      <ul class="alert-rule-list">
        {rules.data?.map((rule) => (
          <li key={rule.id} data-rule-id={rule.id}>
            {describe(rule)}
            <button
              type="button"
              onClick={() => act(() => updateRule(api, rule.id, { enabled: !rule.enabled }))}
            >
              {rule.enabled ? t('pause') : t('resume')}
            </button>
            <button type="button" onClick={() => act(() => deleteRule(api, rule.id))}>
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <form class="alert-rule-form" id="alert-rule-form" onSubmit={submit}>
        <label>
          {t('kind')}
          <select
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as AlertKind)}
          >
            {(Object.keys(KIND_LABEL) as AlertKind[]).map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABEL[k])}
              </option>
            ))}
          </select>
        </label>
        {kind === 'match' && (
          <label>
            {t('subQuery')}
            <input
              name="query"
              value={query}
              required
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
          </label>
        )}
        {kind === 'new_story' && (
          <label>
            {t('storySize')}
            <input
              type="number"
              name="storySize"
              min={2}
              max={1000000}
              value={storySize}
              onInput={(e) => setStorySize(Number(e.currentTarget.value))}
            />
          </label>
        )}
        <label>
          {t('emails')}
          <input name="emails" value={emails} onInput={(e) => setEmails(e.currentTarget.value)} />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            name="digest"
            checked={digest}
            onChange={(e) => setDigest(e.currentTarget.checked)}
          />
          {t('digest')}
        </label>
        {digest && (
          <label>
            {t('digestMinutes')}
            <input
              type="number"
              name="digestMinutes"
              min={5}
              max={1440}
              value={digestMinutes}
              onInput={(e) => setDigestMinutes(Number(e.currentTarget.value))}
            />
          </label>
        )}
        <label>
          {t('webhook')}
          <input
            type="url"
            name="webhookUrl"
            value={webhookUrl}
            onInput={(e) => setWebhookUrl(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('quietStart')}
          <input
            type="time"
            name="quietStart"
            value={quietStart}
            onInput={(e) => setQuietStart(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('quietEnd')}
          <input
            type="time"
            name="quietEnd"
            value={quietEnd}
            onInput={(e) => setQuietEnd(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('dailyCap')}
          <input
            type="number"
            name="dailyCap"
            min={1}
            max={1000}
            value={dailyCap}
            onInput={(e) => setDailyCap(Number(e.currentTarget.value))}
          />
        </label>
        <button type="submit">{t('addRule')}</button>
      </form>
      {error && (
        <p role="alert" class="error" id="alert-rule-error">
          {error}
        </p>
      )}
      {secret && (
        <p role="status" id="webhook-secret">
          {t('secretOnce', { secret })}
        </p>
      )}
    </section>
  );
}
