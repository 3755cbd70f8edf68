// An expired token end to end: the collector, the registry's Facebook connector, sealed
// credentials from the pool and a loopback Graph API that calls the token expired. The source
// that met it and every other source of that credential wait, paused with a plain reason and
// without calls, until a new token is added; then they collect again.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bedCollector,
  type CollectionBed,
  closeCollectionBed,
  openCollectionBed,
} from './test-support/platform-collection.js';

const EXPIRED = {
  error: {
    message:
      'Error validating access token: Session has expired on Sunday, 29-Nov-26 02:00:00 PST.',
    type: 'OAuthException',
    code: 190,
    error_subcode: 463,
    fbtrace_id: 'AbC1dEf2GhI3jKl',
  },
};

let bed: CollectionBed;
let calls: string[];
let origin: string;
const server = createServer((req, res) => {
  calls.push(req.url ?? '');
  const ok = req.headers.authorization === 'Bearer EAAB-new';
  if (!ok) return void res.writeHead(400).end(JSON.stringify(EXPIRED));
  const page = (req.url ?? '').split('?')[0]!.split('/')[2]!;
  if ((req.url ?? '').includes('/posts')) return void res.writeHead(200).end('{"data":[]}');
  res.writeHead(200).end(JSON.stringify({ id: page === 'trangmot' ? '1001' : '1002', name: page }));
});

beforeEach(async () => {
  calls = [];
  bed = openCollectionBed('nghe-expiry-');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await closeCollectionBed(bed);
  await new Promise((resolve) => server.close(resolve));
});

describe('an expired token', () => {
  it('pauses every source of its credential with the reason until a new token is added', async () => {
    const { store, vault } = bed;
    const credential = await store.addCredential({
      platform: 'facebook',
      label: 'trang phường',
      publicFields: {},
      sealed: vault.seal('facebook', { accessToken: 'EAAB-old' }),
    });
    const pages = ['trangmot', 'tranghai'];
    for (const page of pages) {
      await store.addSource({
        kind: 'facebook',
        url: `https://www.facebook.com/${page}`,
        settings: { follow: 'page', page },
      });
    }
    const collector = bedCollector(bed, {
      endpoints: { facebook: { apiBaseUrl: `${origin}/v25.0` } },
    });
    const first = await collector.runOnce({ all: true });
    // Only the first source called Meta; the second waited on the credential marked invalid.
    expect(calls).toHaveLength(1);
    expect(first.failed).toBe(0);
    for (const source of await store.listSources()) {
      expect(source.health.consecutiveFailures).toBe(0);
      expect(source.health.paused?.reason).toMatch(
        /^(Facebook token of credential #\d+ "trang phường" expired or was revoked \(Error validating access token: Session has expired.*\(code 190\/463\)\); its sources wait until a new token is added with `nghe credentials add facebook`|every facebook credential was refused .*)$/,
      );
    }
    expect((await store.getCredential(credential.id))?.status).toBe('invalid');

    // A user adds a new token: collection resumes.
    await store.removeCredential(credential.id);
    await store.addCredential({
      platform: 'facebook',
      label: 'trang phường mới',
      publicFields: {},
      sealed: vault.seal('facebook', { accessToken: 'EAAB-new' }),
    });
    calls = [];
    const again = await collector.runOnce({ all: true });
    expect(again.succeeded).toBe(2);
    for (const source of await store.listSources()) expect(source.health.paused).toBeNull();
  });
});
