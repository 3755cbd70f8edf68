// Receives a Zalo OA's webhook deliveries for one source: the source must be an enabled Zalo
// source (adding it is the OA's opt-in) whose credential's app sent the delivery, and the
// delivery must carry that OA secret key's signature, else nothing is read. A delivery is
// stored like a collected batch, persons pseudonymised; Zalo retries a delivery it did not see
// answered, and a replay is stored once because a message is stored by its msg_id.
import { readOrQuarantine } from '../connectors/api-call.js';
import { QuarantinedResponseError } from '../connectors/collect-errors.js';
import { isObject, str } from '../connectors/social/json-fields.js';
import { verifyZaloSignature } from '../connectors/zalo/connector-webhook.js';
import { parseZalo, zaloEventName } from '../connectors/zalo/parse-zalo.js';
import type { SaveMentionsResult, Store } from '../store/store.js';
import type { AnalyzeBatch } from './collector.js';
import type { CredentialVault } from './credentials-vault.js';
import { prepareMention } from './prepare-mention.js';
import type { Pseudonymiser } from './pseudonymise.js';

export interface WebhookDelivery {
  /** The source named in the hook's address. */
  sourceId: number;
  /** The body exactly as received. */
  body: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface WebhookAnswer {
  status: 200 | 400 | 401 | 404;
  body: Record<string, unknown>;
}

export type WebhookReceiver = (delivery: WebhookDelivery) => Promise<WebhookAnswer>;

export interface ZaloWebhookOptions {
  store: Store;
  vault: CredentialVault;
  pseudonymise: Pseudonymiser;
  /** Language, sentiment and keywords, as for collected mentions. */
  analyze?: AnalyzeBatch;
  now?: () => Date;
  /** Told of what was stored, for topic tagging. */
  onSaved?: (saved: SaveMentionsResult) => Promise<unknown>;
}

const refused = (message: string): WebhookAnswer => ({ status: 401, body: { error: message } });

export function createZaloWebhook(options: ZaloWebhookOptions): WebhookReceiver {
  const now = options.now ?? (() => new Date());
  return async ({ sourceId, body, headers }) => {
    const source = Number.isInteger(sourceId) ? await options.store.getSource(sourceId) : null;
    // One answer for a missing, disabled or non-Zalo source: the address reveals nothing.
    if (source?.kind !== 'zalo' || !source.enabled) {
      return { status: 404, body: { error: 'no Zalo source receives deliveries here' } };
    }
    let delivery: unknown;
    try {
      delivery = JSON.parse(body);
    } catch {
      return { status: 400, body: { error: 'the delivery is not JSON' } };
    }
    const appId = isObject(delivery) ? str(delivery.app_id) : null;
    const credential = (await options.store.listCredentials('zalo')).find(
      (c) => c.status !== 'invalid' && c.publicFields.appId === appId,
    );
    if (!appId || !credential) return refused('no Zalo credential of this app');
    const { oaSecretKey = '' } = options.vault.open('zalo', credential.sealed);
    if (!verifyZaloSignature(body, headers['x-zevent-signature'], { appId, oaSecretKey })) {
      return refused('the X-ZEvent-Signature does not match the delivery');
    }
    // A delivery for another OA of the same app is not this source's.
    const oaId = String(source.settings.oaId ?? '');
    const ids = isObject(delivery)
      ? [str(delivery.oa_id), str(field(delivery, 'recipient')), str(field(delivery, 'sender'))]
      : [];
    if (oaId !== '' && !ids.includes(oaId)) {
      return { status: 404, body: { error: 'the delivery is for another Official Account' } };
    }
    let mentions: ReturnType<typeof parseZalo>;
    try {
      mentions = readOrQuarantine(`zalo-webhook:${source.id}`, body, parseZalo);
    } catch (error) {
      if (!(error instanceof QuarantinedResponseError)) throw error;
      // Only the delivery's field names are kept: an unknown event may carry a person's details.
      await options.store.quarantineResponse({
        sourceId: source.id,
        at: now().toISOString(),
        url: error.url,
        reason: error.message,
        body: JSON.stringify(shapeOf(delivery)),
      });
      // Answered 200 all the same: a delivery Zalo sees refused is retried, then disabled.
      return { status: 200, body: { stored: 0, setAside: error.message } };
    }
    const collectedAt = now().toISOString();
    const inputs = mentions.map((mention) =>
      prepareMention(mention, {
        pseudonymise: options.pseudonymise,
        collectedAt,
        sourceUrl: source.url,
        sourceSettings: source.settings,
      }),
    );
    if (inputs.length === 0) {
      return { status: 200, body: { stored: 0, event: zaloEventName(delivery) } };
    }
    if (options.analyze) {
      const analyses = await options.analyze(inputs);
      inputs.forEach((input, i) => {
        input.analysis = analyses[i] ?? null;
      });
    }
    const saved = await options.store.saveMentions(source.id, inputs);
    if (options.onSaved && (saved.inserted > 0 || saved.updated > 0)) await options.onSaved(saved);
    return { status: 200, body: { stored: saved.inserted, alreadyStored: saved.existing } };
  };
}

/** The id of a `{"id": …}` object field. */
function field(value: Record<string, unknown>, key: string): unknown {
  const inner = value[key];
  return isObject(inner) ? inner.id : undefined;
}

/** A value's shape: objects by their keys, lists by their first item, values by their type. */
function shapeOf(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0], depth + 1)] : [];
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v, depth + 1)]));
  }
  return value === null ? null : typeof value;
}
