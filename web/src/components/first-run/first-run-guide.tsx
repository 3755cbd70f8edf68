// The guided first run of a unit without topics: its first topic from a template for one of its
// places and sectors, what the figures mean, and the purpose and privacy rules.
import { useEffect, useState } from 'preact/hooks';
import type { Topic } from '../../../../src/http/api-types.js';
import { MIN_JUSTIFICATION_LENGTH } from '../../../../src/http/topic-charter-limits.js';
import { useApi } from '../../app-context.js';
import { useLocale } from '../../i18n/locale.js';
import { hrefFor } from '../../router.js';
import { LoadStatus } from '../load-status.js';
import { loadMapPoints } from '../places-map/load-map-points.js';
import { useUiText } from '../ui-messages.js';
import { useAsync } from '../use-async.js';
import {
  draftTopic,
  type ScopePlace,
  scopePlaces,
  sectorLabel,
  templateSectors,
  type UnitScope,
} from './topic-templates.js';

export function FirstRunGuide({ onCreated }: { onCreated: (topic: Topic) => void }) {
  const api = useApi();
  const t = useUiText();
  const [state, retry] = useAsync(async () => {
    const [session, points] = await Promise.all([
      api.request<{ unit: UnitScope; capabilities: string[] }>('GET', '/api/auth/session'),
      loadMapPoints(),
    ]);
    return {
      unit: session.unit,
      places: scopePlaces(session.unit, points),
      canWrite: session.capabilities.includes('write'),
    };
  }, [api]);
  return (
    <section class="first-run panel" id="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('guideTitle')}</h2>
      <p>{t('guideIntro')}</p>
      <LoadStatus state={state} retry={retry} />
      {state.data && (
        <ol class="first-run-steps">
          <li>
            <h3>{t('guideStepTopic')}</h3>
            {state.data.canWrite ? (
              <TemplateForm
                unit={state.data.unit}
                places={state.data.places}
                onCreated={onCreated}
              />
            ) : (
              <p class="muted">{t('guideReadOnly')}</p>
            )}
          </li>
          <li>
            <h3>{t('guideStepFigures')}</h3>
            <p>{t('guideFiguresText')}</p>
            <p class="sentiment-key">
              <span class="badge sentiment-positive">▲</span>
              <span class="badge sentiment-neutral">●</span>
              <span class="badge sentiment-negative">▼</span> {t('guideColours')}
            </p>
          </li>
          <li>
            <h3>{t('guideStepRules')}</h3>
            <p>{t('guidePurposeText')}</p>
            <p>{t('guidePrivacyText')}</p>
          </li>
        </ol>
      )}
    </section>
  );
}

function TemplateForm({
  unit,
  places,
  onCreated,
}: {
  unit: UnitScope;
  places: ScopePlace[];
  onCreated: (topic: Topic) => void;
}) {
  const api = useApi();
  const locale = useLocale();
  const t = useUiText();
  const sectors = templateSectors(unit);
  const [sector, setSector] = useState(sectors[0] ?? '');
  const [placeId, setPlaceId] = useState(places[0]?.id ?? '');
  const [purpose, setPurpose] = useState(unit.functions[0] ?? '');
  const [justification, setJustification] = useState('');
  const place = places.find((p) => p.id === placeId) ?? null;
  const draft = sector ? draftTopic(sector, place, locale.lang) : null;
  const [name, setName] = useState(draft?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Topic | null>(null);

  // A new template or place proposes its own name.
  useEffect(() => setName(draft?.name ?? ''), [sector, placeId, locale.lang]);

  if (!draft) return <p>{t('emptyTopicsAction')}</p>;
  return (
    <form
      id="first-run-form"
      class="first-run-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        const body = {
          name: name.trim() || draft.name,
          query: draft.query,
          ...(purpose ? { purpose } : {}),
          justification: justification.trim(),
        };
        api
          .request<Topic>('POST', '/api/topics', JSON.stringify(body), 'application/json')
          .then(
            (topic) => {
              setCreated(topic);
              onCreated(topic);
            },
            (failure: Error) => setError(failure.message),
          )
          .finally(() => setBusy(false));
      }}
    >
      <p class="muted small">
        {t('guideUnit', { name: unit.name })}
        {unit.places.length === 0 && unit.sectors.length === 0 && <> · {t('guideNoScope')}</>}
      </p>
      <div class="form-grid">
        <label>
          {t('guideTemplate')}
          <select
            id="first-run-sector"
            value={sector}
            onChange={(e) => setSector(e.currentTarget.value)}
          >
            {sectors.map((id) => (
              <option key={id} value={id}>
                {sectorLabel(id, locale.lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('guidePlace')}
          <select
            id="first-run-place"
            value={placeId}
            onChange={(e) => setPlaceId(e.currentTarget.value)}
          >
            {places.length === 0 && <option value="">{t('guideWholeScope')}</option>}
            {places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {unit.functions.length > 0 && (
          <label>
            {t('guidePurpose')}
            <select
              id="first-run-purpose"
              value={purpose}
              onChange={(e) => setPurpose(e.currentTarget.value)}
            >
              {unit.functions.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('guideName')}
          <input
            id="first-run-name"
            value={name}
            maxLength={120}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('guideJustification', { minimum: MIN_JUSTIFICATION_LENGTH })}
          <input
            id="first-run-justification"
            value={justification}
            minLength={MIN_JUSTIFICATION_LENGTH}
            maxLength={2000}
            required
            onInput={(e) => setJustification(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="query-text small">
        {t('guideQuery')}: <code id="first-run-query">{draft.query}</code>
      </p>
      <button type="submit" disabled={busy || created !== null}>
        {busy ? t('guideCreating') : t('guideCreate')}
      </button>
      {error && (
        <p class="error" role="alert">
          {t('guideFailed', { message: error })}
        </p>
      )}
      {created && (
        <p class="ok" role="status" id="first-run-created">
          {t('guideCreated', { name: created.name })}{' '}
          <a href={hrefFor({ page: 'topic', topicId: created.id })}>{t('guideOpen')}</a>
        </p>
      )}
    </form>
  );
}
