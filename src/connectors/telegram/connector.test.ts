import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidCredentialError,
  MissingCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import type { CollectContext } from '../connector.js';
import { recordingCredentials } from '../test-support/credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../test-support/loopback.js';
import { testSource } from '../test-support/source.js';
import { recogniseTelegramSourceUrl, telegramConnector } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const TOKEN = '123456:ABC-secret-token';
const CHANNEL = 'tinnhanhsg';
/** Posts 1..n of the channel; a preview page shows up to 20, the newest last. */
let posts = 0;
let previewRequests: string[] = [];
let updatesRequests: URLSearchParams[] = [];
let botMode: 'ok' | 'flood' | 'odd' = 'ok';
let server: LoopbackServer;
const LAST_UPDATE = Math.max(
  ...(JSON.parse(fixture('get-updates.json')).result as { update_id?: number }[]).map(
    (u) => u.update_id ?? 0,
  ),
);

/** One post in the preview's markup (tgme_widget_message with data-post, text, time, views). */
function postHtml(id: number): string {
  const time = new Date(Date.UTC(2026, 9, 5, 0, id)).toISOString().replace('.000Z', '+00:00');
  return `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="${CHANNEL}/${id}">
  <div class="tgme_widget_message_bubble">
    <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/${CHANNEL}"><span dir="auto">Tin Nhanh Sài Gòn</span></a></div>
    <div class="tgme_widget_message_text js-message_text" dir="auto">Bản tin số ${id}: triều cường ở Thủ Đức</div>
    <div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
      <span class="tgme_widget_message_views">${id}</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/${CHANNEL}/${id}"><time datetime="${time}" class="time">00:00</time></a></span>
    </div></div>
  </div></div></div>`;
}

function previewPage(before: number | null): string {
  const last = Math.min(posts, before === null ? posts : before - 1);
  const ids = [];
  for (let id = Math.max(1, last - 19); id <= last; id++) ids.push(id);
  return `<!DOCTYPE html><html><head><title>Tin Nhanh Sài Gòn – Telegram</title></head><body>
  <div class="tgme_channel_info_header_title"><span dir="auto">Tin Nhanh Sài Gòn</span></div>
  <section class="tgme_channel_history js-message_history">${ids.map(postHtml).join('\n')}</section></body></html>`;
}

function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === `/s/${CHANNEL}`) {
    previewRequests.push(url.search);
    const before = url.searchParams.get('before');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(previewPage(before === null ? null : Number(before)));
    return;
  }
  if (url.pathname === '/s/nopreview') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(fixture('channel-page-no-preview.html'));
    return;
  }
  const json = (code: number, body: string) => {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(body);
  };
  if (url.pathname === '/botwrong/getUpdates') return json(401, fixture('error-401.json'));
  if (url.pathname !== `/bot${TOKEN}/getUpdates`) return json(404, '{"ok":false}');
  updatesRequests.push(url.searchParams);
  if (botMode === 'flood') return json(429, fixture('error-429.json'));
  if (botMode === 'odd') return json(200, fixture('get-me.json'));
  const offset = Number(url.searchParams.get('offset') ?? 0);
  json(200, offset > LAST_UPDATE ? fixture('get-updates-empty.json') : fixture('get-updates.json'));
}

const http = loopbackHttpClient();
function context(credentials = recordingCredentials(null)): CollectContext {
  return {
    http,
    now: () => new Date(),
    credentials,
    endpoints: { previewUrl: server.origin, botApiUrl: server.origin },
  };
}
const channelSource = (cursor: string | null = null) =>
  testSource(
    'telegram',
    `https://t.me/s/${CHANNEL}`,
    { follow: 'channel', channel: CHANNEL },
    cursor,
  );
const botSource = (cursor: string | null = null) =>
  testSource(
    'telegram',
    'https://t.me/tinnhanh_bot',
    { follow: 'bot', bot: 'tinnhanh_bot', longPollSeconds: 0 },
    cursor,
  );

beforeAll(async () => {
  server = await listenOnLoopback(handle);
});
afterAll(async () => {
  await http.close();
  await server.close();
});
beforeEach(() => {
  previewRequests = [];
  updatesRequests = [];
  botMode = 'ok';
});

describe('telegram connector: channel preview', () => {
  it('starts at the newest page, then pages back with ?before= to the last stored post', async () => {
    posts = 30;
    const first = await telegramConnector.collect(channelSource(), context());
    expect(first.mentions.map((m) => m.externalId)).toHaveLength(20);
    expect(first.cursor).toBe('30');
    expect(previewRequests).toEqual(['']);

    posts = 75;
    previewRequests = [];
    const next = await telegramConnector.collect(channelSource(first.cursor!), context());
    const ids = next.mentions.map((m) => Number(m.externalId!.split('/')[1])).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 45 }, (_, i) => 31 + i));
    expect(previewRequests).toEqual(['', '?before=56', '?before=36']);
    expect(next.cursor).toBe('75');
    expect(next.mentions[0]!.engagement.views).toBeGreaterThan(0);

    const idle = await telegramConnector.collect(channelSource('75'), context());
    expect(idle.mentions).toHaveLength(0);
    expect(idle.cursor).toBe('75');
  });

  it('quarantines a channel page that is not a preview', async () => {
    const source = testSource('telegram', 'https://t.me/s/nopreview', {
      follow: 'channel',
      channel: 'nopreview',
    });
    const error = await telegramConnector.collect(source, context()).catch((e) => e);
    expect(error).toBeInstanceOf(QuarantinedResponseError);
  });
});

describe('telegram connector: Bot API updates', () => {
  it('reads channel posts and edits with offset as the cursor, confirming what it stored', async () => {
    const credentials = recordingCredentials({ botToken: TOKEN });
    const first = await telegramConnector.collect(botSource(), context(credentials));
    expect(first.cursor).toBe(String(LAST_UPDATE + 1));
    expect(first.mentions.length).toBeGreaterThan(0);
    expect(first.mentions.some((m) => m.updatedAt !== null)).toBe(true);
    expect(updatesRequests[0]!.get('offset')).toBeNull();
    expect(JSON.parse(updatesRequests[0]!.get('allowed_updates')!)).toEqual([
      'channel_post',
      'edited_channel_post',
    ]);
    const next = await telegramConnector.collect(botSource(first.cursor!), context(credentials));
    expect(updatesRequests[1]!.get('offset')).toBe(String(LAST_UPDATE + 1));
    expect(next.mentions).toHaveLength(0);
    expect(next.cursor).toBe(first.cursor);
  });

  it('pauses for the retry_after of flood control and never shows the token', async () => {
    botMode = 'flood';
    const client = loopbackHttpClient();
    const credentials = recordingCredentials({ botToken: TOKEN });
    const error = await telegramConnector
      .collect(botSource('5'), { ...context(credentials), http: client })
      .catch((e) => e);
    await client.close();
    expect(error).toBeInstanceOf(QuotaPause);
    const until = (error as QuotaPause).until.getTime() - Date.now();
    expect(until).toBeGreaterThan(10_000);
    expect(until).toBeLessThan(16_000);
    expect((error as Error).message).toContain('retry after 15');
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('marks a refused token invalid, asks for one when none is set up, quarantines odd bodies', async () => {
    const wrong = recordingCredentials({ botToken: 'wrong' });
    const refused = await telegramConnector.collect(botSource(), context(wrong)).catch((e) => e);
    expect(refused).toBeInstanceOf(InvalidCredentialError);
    expect(wrong.lease!.invalidReason).toMatch(/Unauthorized/);
    const none = await telegramConnector.collect(botSource(), context()).catch((e) => e);
    expect(none).toBeInstanceOf(MissingCredentialError);
    botMode = 'odd';
    const credentials = recordingCredentials({ botToken: TOKEN });
    const odd = await telegramConnector.collect(botSource(), context(credentials)).catch((e) => e);
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
    expect((odd as QuarantinedResponseError).url).not.toContain(TOKEN);
  });

  it('recognises a bot address as a bot source and other names as channels', () => {
    expect(recogniseTelegramSourceUrl(new URL('https://t.me/tinnhanh_bot'))?.follow).toBe('bot');
    expect(recogniseTelegramSourceUrl(new URL('https://t.me/s/tinnhanhsg'))?.follow).toBe(
      'channel',
    );
  });
});
