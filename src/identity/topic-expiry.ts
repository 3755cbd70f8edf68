// Purpose-bound topics end. When a topic's charter expires it is paused (nothing more is
// tagged) and read-only, and its owner is told when it will be deleted; a grace period later it
// is deleted (its tags go, mentions stay) and the owner is told again. Notices are rows the
// dashboard shows, and e-mails through the alert mail path when SMTP is configured and the
// owner has an address.
import type { ListeningStore } from '../store/listening-store.js';
import type { IdentityStore } from './identity-store.js';

export const DEFAULT_GRACE_DAYS = 30;

export interface ExpiryMail {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export interface ExpiryOptions {
  identity: IdentityStore;
  topics: Pick<ListeningStore, 'getTopic' | 'updateTopic' | 'deleteTopic'>;
  now: Date;
  graceDays?: number;
  mail?: ExpiryMail | null;
  /** The live matcher reloads topics after a change. */
  topicsChanged?: () => void;
}

export interface ExpiryRound {
  expired: number[];
  deleted: number[];
}

export async function sweepExpiredTopics(options: ExpiryOptions): Promise<ExpiryRound> {
  const { identity, topics, now } = options;
  const graceMs = (options.graceDays ?? DEFAULT_GRACE_DAYS) * 86_400_000;
  const round: ExpiryRound = { expired: [], deleted: [] };
  const tell = async (
    ownerId: number,
    topicId: number,
    kind: 'topic-expired' | 'topic-deleted',
    message: string,
  ) => {
    await identity.addNotice({
      userId: ownerId,
      topicId,
      kind,
      message,
      createdAt: now.toISOString(),
    });
    const owner = await identity.getUser(ownerId);
    if (options.mail && owner?.email) {
      await options.mail
        .send({ to: owner.email, subject: `nghe: ${message.split(':')[0]}`, text: message })
        .catch((error: Error) => console.error(`topics: notice mail failed: ${error.message}`));
    }
  };
  for (const charter of await identity.listCharters()) {
    const expires = Date.parse(charter.expiresAt);
    if (expires > now.getTime()) continue;
    const topic = await topics.getTopic(charter.topicId);
    if (!topic) continue;
    const deleteAt = new Date(expires + graceMs);
    if (deleteAt.getTime() <= now.getTime()) {
      await topics.deleteTopic(topic.id);
      round.deleted.push(topic.id);
      await tell(
        charter.ownerId,
        topic.id,
        'topic-deleted',
        `Topic deleted: "${topic.name}" expired on ${charter.expiresAt.slice(0, 10)} and its grace period ended; its tags were removed (mentions stay).`,
      );
      continue;
    }
    if (charter.noticedAt !== null) continue;
    if (topic.status !== 'paused') await topics.updateTopic(topic.id, { status: 'paused' });
    await identity.markCharterNoticed(topic.id, now.toISOString());
    round.expired.push(topic.id);
    await tell(
      charter.ownerId,
      topic.id,
      'topic-expired',
      `Topic expired: "${topic.name}" is read-only since ${charter.expiresAt.slice(0, 10)} and will be deleted on ${deleteAt.toISOString().slice(0, 10)} unless an administrator extends it.`,
    );
  }
  if (round.expired.length + round.deleted.length > 0) options.topicsChanged?.();
  return round;
}

/** Sweep now and then every `everyMs` (an hour by default) until stopped. */
export function startTopicExpiry(options: Omit<ExpiryOptions, 'now'> & { everyMs?: number }): {
  stop(): void;
} {
  const run = () => {
    sweepExpiredTopics({ ...options, now: new Date() }).catch((error: Error) => {
      console.error(`topics: expiry sweep failed: ${error.message}`);
    });
  };
  const timer = setInterval(run, options.everyMs ?? 60 * 60_000);
  timer.unref();
  const first = setTimeout(run, 5_000);
  first.unref();
  return {
    stop() {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
