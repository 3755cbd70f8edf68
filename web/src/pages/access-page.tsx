// Access: one's own API tokens (create with scopes and an expiry, the value shown once; revoke),
// and for administrators the users and units of the organisation.
import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import type { SessionInfo } from '../api/session.js';
import { useApi } from '../app-context.js';
import { LoadStatus } from '../components/load-status.js';
import { useAsync } from '../components/use-async.js';
import { useLocale } from '../i18n/locale.js';

interface TokenRow {
  id: number;
  name: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface UserRow {
  id: number;
  username: string;
  role: string;
  unitId: number;
  disabledAt: string | null;
  builtin: boolean;
}

interface UnitRow {
  id: number;
  parentId: number | null;
  kind: string;
  name: string;
  places: string[];
  sectors: string[];
  functions: string[];
}

const SCOPES = ['read', 'search', 'write', 'manage', 'audit'] as const;
const ROLES = ['admin', 'lead', 'analyst', 'viewer', 'auditor'] as const;
const KINDS = ['department', 'province', 'district', 'ward', 'team'] as const;

const json = (body: unknown) => JSON.stringify(body);
const list = (text: string, separator: string) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

export function AccessPage() {
  const api = useApi();
  const locale = useLocale();
  const [state, retry] = useAsync(
    () => api.request<SessionInfo>('GET', '/api/auth/session'),
    [api],
  );
  return (
    <section aria-labelledby="access-title">
      <h1 id="access-title">{locale.t('accessTitle')}</h1>
      <LoadStatus state={state} retry={retry} />
      {state.data && (
        <p>
          {locale.t('accessSignedInAs', {
            user: state.data.user.username,
            role: state.data.user.role,
            unit: state.data.unit.name,
          })}
        </p>
      )}
      <TokensPanel api={api} />
      {state.data?.capabilities.includes('manage') && <AdminPanels api={api} />}
    </section>
  );
}

function TokensPanel({ api }: { api: ApiClient }) {
  const locale = useLocale();
  const [state, retry] = useAsync(
    () => api.request<{ tokens: TokenRow[] }>('GET', '/api/tokens').then((r) => r.tokens),
    [api],
  );
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const token = await api.request<{ value: string }>(
        'POST',
        '/api/tokens',
        json({ name: name.trim(), scopes, expiresInDays: days }),
        'application/json',
      );
      setCreated(token.value);
      setName('');
      retry();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const revoke = async (id: number) => {
    await api.request('DELETE', `/api/tokens/${id}`).catch(() => {});
    retry();
  };

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{locale.t('tokensTitle')}</h2>
      <LoadStatus state={state} retry={retry} />
      <table class="tokens">
        <thead>
          <tr>
            <th>{locale.t('tokenName')}</th>
            <th>{locale.t('tokenScopes')}</th>
            <th>{locale.t('tokenExpires')}</th>
            <th>{locale.t('tokenLastUsed')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(state.data ?? []).map((t) => (
            <tr key={t.id} data-token-id={t.id}>
              <td>{t.name}</td>
              <td>{t.scopes.join(', ')}</td>
              <td>{t.expiresAt ? locale.dateTime(t.expiresAt) : '—'}</td>
              <td>{t.lastUsedAt ? locale.dateTime(t.lastUsedAt) : '—'}</td>
              <td>
                {t.revokedAt ? (
                  locale.t('tokenRevoked')
                ) : (
                  <button type="button" onClick={() => revoke(t.id)}>
                    {locale.t('tokenRevoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form id="token-create-form" onSubmit={create}>
        <label for="new-token-name">{locale.t('tokenName')}</label>
        <input
          id="new-token-name"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          required
        />
        <fieldset>
          <legend>{locale.t('tokenScopes')}</legend>
          {SCOPES.map((scope) => (
            <label key={scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes(
                    e.currentTarget.checked
                      ? [...scopes, scope]
                      : scopes.filter((s) => s !== scope),
                  )
                }
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <label for="new-token-days">{locale.t('tokenDays')}</label>
        <input
          id="new-token-days"
          type="number"
          min={1}
          max={366}
          value={days}
          onInput={(e) => setDays(Number(e.currentTarget.value))}
        />
        <button type="submit" disabled={scopes.length === 0}>
          {locale.t('tokenCreate')}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
      {created && (
        <p class="notice" role="status">
          {locale.t('tokenShownOnce')} <code id="new-token-value">{created}</code>
        </p>
      )}
    </section>
  );
}

function AdminPanels({ api }: { api: ApiClient }) {
  const locale = useLocale();
  const [state, retry] = useAsync(
    () =>
      Promise.all([
        api.request<{ users: UserRow[] }>('GET', '/api/users').then((r) => r.users),
        api.request<{ units: UnitRow[] }>('GET', '/api/units').then((r) => r.units),
      ]),
    [api],
  );
  const [users, units] = state.data ?? [[], []];
  const [error, setError] = useState<string | null>(null);
  const [user, setUser] = useState({ username: '', role: 'analyst', unitId: 1, password: '' });
  const [unit, setUnit] = useState({
    name: '',
    kind: 'department',
    parentId: 1,
    places: '',
    sectors: '',
    functions: '',
  });
  const unitName = (id: number) => units.find((u) => u.id === id)?.name ?? `#${id}`;

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      retry();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <>
      <section aria-labelledby="users-title">
        <h2 id="users-title">{locale.t('usersTitle')}</h2>
        <LoadStatus state={state} retry={retry} />
        <table class="users">
          <tbody>
            {users
              .filter((u) => !u.builtin)
              .map((u) => (
                <tr key={u.id} data-user-id={u.id}>
                  <td>{u.username}</td>
                  <td>{u.role}</td>
                  <td>{unitName(u.unitId)}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        run(() =>
                          api.request(
                            'PATCH',
                            `/api/users/${u.id}`,
                            json({ disabled: !u.disabledAt }),
                            'application/json',
                          ),
                        )
                      }
                    >
                      {locale.t(u.disabledAt ? 'userEnable' : 'userDisable')}
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        <form
          id="user-create-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.request('POST', '/api/users', json(user), 'application/json'));
          }}
        >
          <label for="new-user-name">{locale.t('usernameLabel')}</label>
          <input
            id="new-user-name"
            value={user.username}
            onInput={(e) => setUser({ ...user, username: e.currentTarget.value })}
            required
          />
          <label for="new-user-role">{locale.t('userRole')}</label>
          <select
            id="new-user-role"
            value={user.role}
            onChange={(e) => setUser({ ...user, role: e.currentTarget.value })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <label for="new-user-unit">{locale.t('userUnit')}</label>
          <select
            id="new-user-unit"
            value={user.unitId}
            onChange={(e) => setUser({ ...user, unitId: Number(e.currentTarget.value) })}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <label for="new-user-password">{locale.t('passwordLabel')}</label>
          <input
            id="new-user-password"
            type="password"
            autocomplete="new-password"
            minLength={12}
            value={user.password}
            onInput={(e) => setUser({ ...user, password: e.currentTarget.value })}
            required
          />
          <button type="submit">{locale.t('userAdd')}</button>
        </form>
      </section>
      <section aria-labelledby="units-title">
        <h2 id="units-title">{locale.t('unitsTitle')}</h2>
        <table class="units">
          <tbody>
            {units.map((u) => (
              <tr key={u.id} data-unit-id={u.id}>
                <td>{u.name}</td>
                <td>{u.kind}</td>
                <td>{u.places.join(', ') || '—'}</td>
                <td>{u.sectors.join(', ') || '—'}</td>
                <td>{u.functions.join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          id="unit-create-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              api.request(
                'POST',
                '/api/units',
                json({
                  name: unit.name,
                  kind: unit.kind,
                  parentId: unit.parentId,
                  places: list(unit.places, ','),
                  sectors: list(unit.sectors, ','),
                  functions: list(unit.functions, ';'),
                }),
                'application/json',
              ),
            );
          }}
        >
          <label for="new-unit-name">{locale.t('unitName')}</label>
          <input
            id="new-unit-name"
            value={unit.name}
            onInput={(e) => setUnit({ ...unit, name: e.currentTarget.value })}
            required
          />
          <label for="new-unit-kind">{locale.t('unitKind')}</label>
          <select
            id="new-unit-kind"
            value={unit.kind}
            onChange={(e) => setUnit({ ...unit, kind: e.currentTarget.value })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
          <label for="new-unit-parent">{locale.t('unitParent')}</label>
          <select
            id="new-unit-parent"
            value={unit.parentId}
            onChange={(e) => setUnit({ ...unit, parentId: Number(e.currentTarget.value) })}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <label for="new-unit-places">{locale.t('unitPlaces')}</label>
          <input
            id="new-unit-places"
            placeholder="province:79, ward:25747"
            value={unit.places}
            onInput={(e) => setUnit({ ...unit, places: e.currentTarget.value })}
          />
          <label for="new-unit-sectors">{locale.t('unitSectors')}</label>
          <input
            id="new-unit-sectors"
            placeholder="flooding, traffic"
            value={unit.sectors}
            onInput={(e) => setUnit({ ...unit, sectors: e.currentTarget.value })}
          />
          <label for="new-unit-functions">{locale.t('unitFunctions')}</label>
          <input
            id="new-unit-functions"
            value={unit.functions}
            onInput={(e) => setUnit({ ...unit, functions: e.currentTarget.value })}
          />
          <button type="submit">{locale.t('unitAdd')}</button>
        </form>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </section>
    </>
  );
}
