// OpenID Connect sign-in end to end against a real provider (oidc-provider) on loopback:
// authorisation code with PKCE, state and nonce; the identity is linked to the nghe user of
// the same username, and an unknown identity is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, openAuthHarness } from './test-support.js';

let provider: Server;
let issuer: string;
let h: AuthHarness;

/** A browser's cookies, enough for one provider and one nghe server on loopback. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), Cookie: this.cookieHeader() },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) {
        this.cookies.delete(pair.slice(0, at));
      } else this.cookies.set(pair.slice(0, at), value);
    }
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

beforeAll(async () => {
  provider = createServer();
  await new Promise<void>((done) => provider.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  h = await openAuthHarness({
    auth: {
      oidc: {
        issuer,
        clientId: 'nghe',
        clientSecret: 'nghe-client-secret-0123456789abcdef',
        allowHttp: true,
      },
    },
  });
  // nghe's callback is known once it listens: the provider registers it then.
  const redirect = `${h.url}/api/auth/oidc/callback`;
  const oidc = new Provider(issuer, {
    clients: [
      {
        client_id: 'nghe',
        client_secret: 'nghe-client-secret-0123456789abcdef',
        redirect_uris: [redirect],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, email: `${sub}@example.org` }),
    }),
  });
  provider.on('request', oidc.callback());
}, 30_000);

afterAll(async () => {
  await h.close();
  await new Promise((done) => provider.close(done));
});

async function signInThroughProvider(login: string) {
  const browser = new Browser();
  const start = await browser.go(`${h.url}/api/auth/oidc/start`);
  expect(start.status).toBe(302);
  const authorise = new URL(start.headers.get('Location')!);
  expect(authorise.origin).toBe(issuer);
  expect(authorise.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorise.searchParams.get('state')).toBeTruthy();
  expect(authorise.searchParams.get('nonce')).toBeTruthy();
  expect(authorise.searchParams.get('redirect_uri')).toBe(`${h.url}/api/auth/oidc/callback`);
  let res = await browser.go(authorise.href);
  for (let step = 0; step < 10 && res.status >= 300 && res.status < 400; step++) {
    const next = new URL(res.headers.get('Location')!, issuer);
    if (next.pathname === '/api/auth/oidc/callback') {
      return { browser, res: await browser.go(`${h.url}${next.pathname}${next.search}`) };
    }
    if (next.pathname.startsWith('/interaction/')) {
      const page = await browser.go(next.href);
      const prompt = (await page.text()).includes('name="login"') ? 'login' : 'consent';
      res = await browser.go(next.href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt, login, password: 'any' }).toString(),
      });
      continue;
    }
    res = await browser.go(next.href);
  }
  throw new Error(`the provider did not return to nghe (last status ${res.status})`);
}

describe('OpenID Connect sign-in', () => {
  it('signs in a nghe user through the provider and links the identity', async () => {
    const user = await h.addUser('analyst', h.unitA, 'thao');
    const { browser, res } = await signInThroughProvider('thao');
    expect(res.status, res.status === 302 ? '' : await res.text()).toBe(302);
    expect(res.headers.get('Location')).toBe('/');
    const session = browser.cookie('nghe_session');
    expect(session).toMatch(/^[\w-]{43}$/);
    const me = await fetch(`${h.url}/api/auth/session`, {
      headers: { Cookie: `nghe_session=${session}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('thao');
    expect((await h.identity.getUser(user.id))?.oidcSubject).toBe(`${issuer}#thao`);
  }, 30_000);

  it('refuses an identity that is no nghe user, and a callback without its browser binding', async () => {
    const { res } = await signInThroughProvider('stranger');
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/no nghe account for this identity/);
    const forged = await fetch(`${h.url}/api/auth/oidc/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/sign-in expired or was started in another browser/);
  }, 30_000);
});
