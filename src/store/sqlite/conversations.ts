// Reads conversations and engagement over time: a thread as a tree from its root, and the
// engagement snapshots of one mention.
import type Database from 'better-sqlite3';

import type { EngagementSnapshot, Thread, ThreadNode, ThreadOptions } from '../store.js';
import { MENTION_COLUMNS, type MentionRow, mentionFromRow, sourceIdsByMention } from './rows.js';

export const DEFAULT_THREAD_LIMIT = 500;
export const MAX_THREAD_LIMIT = 5000;
export const DEFAULT_ENGAGEMENT_LIMIT = 1000;
export const MAX_ENGAGEMENT_LIMIT = 10_000;

interface ThreadRow extends MentionRow {
  thread_root_external_id: string | null;
}

interface SnapshotRow {
  observed_at: string;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  views: number | null;
}

const clamp = (value: number | undefined, fallback: number, max: number) =>
  Math.min(Math.max(Math.floor(value ?? fallback), 1), max);

export class ConversationReader {
  private readonly s;

  constructor(db: Database.Database) {
    const columns = `${MENTION_COLUMNS}, thread_root_external_id`;
    this.s = {
      byId: db.prepare<[number], ThreadRow>(`SELECT ${columns} FROM mentions WHERE id = ?`),
      members: db.prepare<[number, number], ThreadRow>(
        `SELECT ${columns} FROM mentions WHERE thread_root_id = ? ORDER BY search_key LIMIT ?`,
      ),
      memberCount: db.prepare<[number], { n: number }>(
        'SELECT count(*) AS n FROM mentions WHERE thread_root_id = ?',
      ),
      waiting: db.prepare<[string, string, number], ThreadRow>(
        `SELECT ${columns} FROM mentions
         WHERE platform = ? AND thread_root_external_id = ? AND thread_root_id IS NULL
         ORDER BY search_key LIMIT ?`,
      ),
      waitingCount: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM mentions
         WHERE platform = ? AND thread_root_external_id = ? AND thread_root_id IS NULL`,
      ),
      sourceIdsOfMany: db.prepare<[string], { mention_id: number; source_id: number }>(
        `SELECT mention_id, source_id FROM mention_sources
         WHERE mention_id IN (SELECT value FROM json_each(?)) ORDER BY mention_id, source_id`,
      ),
      exists: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM mentions WHERE id = ?'),
      snapshots: db.prepare<[number, number], SnapshotRow>(
        `SELECT * FROM (
           SELECT observed_at, likes, comments, shares, views FROM engagement_snapshots
           WHERE mention_id = ? ORDER BY observed_at DESC LIMIT ?
         ) ORDER BY observed_at`,
      ),
    };
  }

  getThread(mentionId: number, options: ThreadOptions = {}): Thread | null {
    const s = this.s;
    const limit = clamp(options.limit, DEFAULT_THREAD_LIMIT, MAX_THREAD_LIMIT);
    const asked = s.byId.get(mentionId);
    if (!asked) return null;
    let root: ThreadRow | undefined;
    let members: ThreadRow[];
    let total: number;
    let rootExternalId: string;
    if (asked.thread_root_id !== null || asked.thread_root_external_id === null) {
      // The root is stored: it is the asked mention itself or the one it points to.
      root = asked.thread_root_id === null ? asked : s.byId.get(asked.thread_root_id);
      if (!root) return null;
      rootExternalId = root.external_id;
      members = s.members.all(root.id, limit);
      total = s.memberCount.get(root.id)?.n ?? 0;
    } else {
      rootExternalId = asked.thread_root_external_id;
      members = s.waiting.all(asked.platform, rootExternalId, limit);
      total = s.waitingCount.get(asked.platform, rootExternalId)?.n ?? 0;
    }
    const rows = root ? [root, ...members] : members;
    const links = sourceIdsByMention(s.sourceIdsOfMany.all(JSON.stringify(rows.map((r) => r.id))));
    const nodes = new Map<number, ThreadNode>();
    for (const row of rows) {
      nodes.set(row.id, { mention: mentionFromRow(row, links.get(row.id) ?? []), replies: [] });
    }
    const unattached: ThreadNode[] = [];
    for (const row of members) {
      const node = nodes.get(row.id)!;
      const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
      if (parent) parent.replies.push(node);
      else unattached.push(node);
    }
    return {
      rootExternalId,
      root: root ? nodes.get(root.id)! : null,
      unattached,
      total,
      truncated: members.length < total,
    };
  }

  engagementHistory(mentionId: number, limit?: number): EngagementSnapshot[] | null {
    if (!this.s.exists.get(mentionId)) return null;
    const rows = this.s.snapshots.all(
      mentionId,
      clamp(limit, DEFAULT_ENGAGEMENT_LIMIT, MAX_ENGAGEMENT_LIMIT),
    );
    return rows.map((row) => ({
      observedAt: row.observed_at,
      likes: row.likes,
      comments: row.comments,
      shares: row.shares,
      views: row.views,
    }));
  }
}
