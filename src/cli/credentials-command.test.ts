import { describe, expect, it } from 'vitest';
import { mastodonCredential } from '../connectors/mastodon/recognise-url.js';
import { redditCredential } from '../connectors/reddit/recognise-url.js';
import { credentialFields, parseCredentialInput, quotaCosts } from './credentials-command.js';

describe('credential input', () => {
  it('reads name=value lines and JSON objects', () => {
    expect(parseCredentialInput('# app\nclientId = abc\nclientSecret=s=e=c\n')).toEqual({
      clientId: 'abc',
      clientSecret: 's=e=c',
    });
    expect(parseCredentialInput('{"accessToken":"t"}')).toEqual({ accessToken: 't' });
    expect(() => parseCredentialInput('just a token')).toThrow(/line 1: expected name=value/);
    expect(() => parseCredentialInput('{"n":1}')).toThrow(/n must be a string/);
  });

  it('splits secret from public fields, fills defaults and names what is missing', () => {
    expect(
      credentialFields('reddit', redditCredential, { clientId: 'a', clientSecret: 'b' }),
    ).toEqual({
      secret: { clientId: 'a', clientSecret: 'b' },
      public: { username: '' },
    });
    expect(
      credentialFields('mastodon', mastodonCredential, {
        instance: 'https://mastodon.social',
        accessToken: 't',
      }).public,
    ).toEqual({ instance: 'https://mastodon.social' });
    expect(() => credentialFields('reddit', redditCredential, { clientId: 'a' })).toThrow(
      /--client-secret is required/,
    );
    expect(() =>
      credentialFields('reddit', redditCredential, {
        clientId: 'a',
        clientSecret: 'b',
        apiKey: 'c',
      }),
    ).toThrow(/no field "apiKey"/);
  });
});

describe('credential costs', () => {
  it('prices the units used of the buckets a price is configured for', () => {
    const quota = { buckets: { reads: { used: 1234 }, requests: { used: 7 } } };
    expect(quotaCosts(quota, { reads: 0.005 })).toEqual({
      reads: { unitPrice: 0.005, dollars: 6.17 },
    });
    expect(quotaCosts(quota, {})).toEqual({});
  });
});
