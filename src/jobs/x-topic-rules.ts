// Keeps X's filtered-stream rules in step with the topics, automatically: a sync runs shortly
// after topics change (several changes in a row make one sync) and at start, but only while an
// X source follows the topics' stream, since X bills every post its rules deliver. The last
// report says, per topic, which rule it has or why it has none.
import {
  CredentialNeedsReplacingError,
  MissingCredentialError,
} from '../connectors/collect-errors.js';
import { xConnector } from '../connectors/x/connector.js';
import {
  type RulesSyncReport,
  ruleLimitsOf,
  syncTopicRules,
} from '../connectors/x/topic-rules-sync.js';
import { API_BASE_URL, type Session } from '../connectors/x/x-api.js';
import type { HttpClient } from '../net/types.js';
import type { ListeningStore } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import type { CredentialPool } from './credentials-pool.js';

export interface XTopicRulesOptions {
  store: Store & ListeningStore;
  pool: CredentialPool;
  http: HttpClient;
  endpoints?: Readonly<Record<string, string>>;
  now?: () => Date;
  /** Wait after a change before syncing, so a burst of edits makes one sync. */
  debounceMs?: number;
  onSynced?: (report: RulesSyncReport) => void;
  onError?: (message: string) => void;
}

export class XTopicRules {
  /** The last sync's report; null before the first or when none was needed. */
  last: RulesSyncReport | null = null;
  lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: XTopicRulesOptions) {}

  /** Topics were created, edited, paused or deleted: sync soon. */
  topicsChanged(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.sync().catch(() => undefined));
    }, this.options.debounceMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Syncs now; null when no X source follows the topics or no X credential is usable. */
  async sync(): Promise<RulesSyncReport | null> {
    const { store, pool, http } = this.options;
    const sources = await store.listSources();
    if (!sources.some((s) => s.kind === 'x' && s.enabled && s.settings.follow === 'topics')) {
      return null;
    }
    const credentials = await pool.session('x', xConnector.credential!);
    try {
      const lease = credentials.acquire();
      const now = this.options.now ?? (() => new Date());
      const base = this.options.endpoints?.apiBaseUrl ?? API_BASE_URL;
      const session: Session = {
        context: { http, now },
        lease,
        base: base.replace(/\/+$/, ''),
      };
      const topics = (await store.listTopics()).map((t) => ({
        id: t.id,
        query: t.query,
        status: t.status,
        platforms: t.platforms,
      }));
      this.last = await syncTopicRules(session, topics, ruleLimitsOf(lease.secrets));
      this.lastError = null;
      this.options.onSynced?.(this.last);
      return this.last;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.options.onError?.(this.lastError);
      if (
        error instanceof MissingCredentialError ||
        error instanceof CredentialNeedsReplacingError
      ) {
        return null;
      }
      throw error;
    } finally {
      await credentials.persist();
    }
  }
}
