// Quarantined responses and credentials over the SQLite file of the main store. The cursor is
// saved by the store itself, inside the transaction of the batch it ends.
import type Database from 'better-sqlite3';
import type { CredentialStatus } from '../../model.js';
import {
  type CollectionStateStore,
  CredentialLabelTakenError,
  type QuarantinedResponse,
  type StoredCredential,
} from '../collection-state-store.js';

/** Unreadable responses kept per source: enough to see a pattern, bounded for a stuck source. */
const QUARANTINE_KEPT = 5;

interface CredentialRow {
  id: number;
  platform: string;
  label: string;
  public_fields: string;
  sealed: string;
  status: string;
  quota: string;
  last_error: string | null;
  created_at: string;
}

interface QuarantineRow {
  id: number;
  source_id: number | null;
  at: string;
  url: string | null;
  reason: string;
  body: string;
}

function credentialFromRow(row: CredentialRow): StoredCredential {
  return {
    id: row.id,
    platform: row.platform,
    label: row.label,
    publicFields: JSON.parse(row.public_fields) as Record<string, string>,
    sealed: row.sealed,
    status: row.status as CredentialStatus,
    quota: JSON.parse(row.quota) as Record<string, unknown>,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

function quarantineFromRow(row: QuarantineRow): QuarantinedResponse {
  return {
    id: row.id,
    sourceId: row.source_id,
    at: row.at,
    url: row.url,
    reason: row.reason,
    body: row.body,
  };
}

export type CollectionStateMethods = Omit<CollectionStateStore, 'saveSourceBatch'>;

export function collectionStateMethods(db: Database.Database): CollectionStateMethods {
  const s = {
    insertQuarantine: db.prepare(
      `INSERT INTO quarantined_responses (source_id, at, url, reason, body)
       VALUES (@sourceId, @at, @url, @reason, @body)`,
    ),
    trimQuarantine: db.prepare<[number, number]>(
      `DELETE FROM quarantined_responses WHERE source_id = ? AND id NOT IN (
         SELECT id FROM quarantined_responses WHERE source_id = ? ORDER BY id DESC LIMIT ${QUARANTINE_KEPT})`,
    ),
    quarantinedOf: db.prepare<[number], QuarantineRow>(
      'SELECT * FROM quarantined_responses WHERE source_id = ? ORDER BY id DESC',
    ),
    insertCredential: db.prepare(
      `INSERT INTO credentials (platform, label, public_fields, sealed, created_at)
       VALUES (@platform, @label, @publicFields, @sealed, @createdAt)
       ON CONFLICT (platform, label) DO NOTHING`,
    ),
    credentialById: db.prepare<[number], CredentialRow>('SELECT * FROM credentials WHERE id = ?'),
    credentialsAll: db.prepare<[], CredentialRow>('SELECT * FROM credentials ORDER BY id'),
    credentialsOf: db.prepare<[string], CredentialRow>(
      'SELECT * FROM credentials WHERE platform = ? ORDER BY id',
    ),
    deleteCredential: db.prepare<[number]>('DELETE FROM credentials WHERE id = ?'),
  };
  const quarantine = db.transaction((response: Omit<QuarantinedResponse, 'id'>) => {
    const id = Number(s.insertQuarantine.run(response).lastInsertRowid);
    if (response.sourceId !== null) s.trimQuarantine.run(response.sourceId, response.sourceId);
    return id;
  });
  return {
    async quarantineResponse(response) {
      return quarantine.immediate(response);
    },
    async listQuarantined(sourceId) {
      return s.quarantinedOf.all(sourceId).map(quarantineFromRow);
    },
    async addCredential(credential) {
      const result = s.insertCredential.run({
        platform: credential.platform,
        label: credential.label,
        publicFields: JSON.stringify(credential.publicFields),
        sealed: credential.sealed,
        createdAt: new Date().toISOString(),
      });
      if (result.changes === 0) {
        throw new CredentialLabelTakenError(
          `${credential.platform} already has a credential labelled "${credential.label}"`,
        );
      }
      return credentialFromRow(s.credentialById.get(Number(result.lastInsertRowid))!);
    },
    async listCredentials(platform) {
      const rows = platform === undefined ? s.credentialsAll.all() : s.credentialsOf.all(platform);
      return rows.map(credentialFromRow);
    },
    async getCredential(id) {
      const row = s.credentialById.get(id);
      return row ? credentialFromRow(row) : null;
    },
    async updateCredential(id, update) {
      const sets: string[] = [];
      const values: Record<string, unknown> = { id };
      if (update.status !== undefined) {
        sets.push('status = @status');
        values.status = update.status;
      }
      if (update.quota !== undefined) {
        sets.push('quota = @quota');
        values.quota = JSON.stringify(update.quota);
      }
      if (update.lastError !== undefined) {
        sets.push('last_error = @lastError');
        values.lastError = update.lastError;
      }
      if (update.sealed !== undefined) {
        sets.push('sealed = @sealed');
        values.sealed = update.sealed;
      }
      if (sets.length === 0) return;
      db.prepare(`UPDATE credentials SET ${sets.join(', ')} WHERE id = @id`).run(values);
    },
    async removeCredential(id) {
      return s.deleteCredential.run(id).changes === 1;
    },
  };
}
