// What the collector keeps beside mentions: each source's cursor (saved with the batch it
// ends), responses set aside as unreadable, and the installation's platform credentials. The
// store holds credentials sealed; it never sees a secret in clear.
import type { CredentialStatus, MentionInput } from '../model.js';
import type { SaveMentionsResult } from './store.js';

export interface QuarantinedResponse {
  id: number;
  sourceId: number | null;
  /** ISO 8601 UTC. */
  at: string;
  url: string | null;
  reason: string;
  /** The body as received (capped), for a developer to read; never served by the API. */
  body: string;
}

export interface NewCredential {
  platform: string;
  label: string;
  /** Fields that are not secret (an instance URL), shown in lists. */
  publicFields: Record<string, string>;
  /** The secret fields, encrypted by the caller. */
  sealed: string;
}

export interface StoredCredential extends NewCredential {
  id: number;
  status: CredentialStatus;
  /** Quota accounting as the credential pool writes it (opaque to the store). */
  quota: Record<string, unknown>;
  lastError: string | null;
  createdAt: string;
}

export interface CredentialUpdate {
  status?: CredentialStatus;
  quota?: Record<string, unknown>;
  lastError?: string | null;
  /** Renewed secret fields, sealed by the caller. */
  sealed?: string;
}

export interface CollectionStateStore {
  /**
   * `saveMentions` and the source's new cursor in one transaction: a collector stopped at any
   * point resumes from the cursor of the last batch stored, never past a batch it lost.
   */
  saveSourceBatch(
    sourceId: number,
    mentions: MentionInput[],
    cursor: string | null,
  ): Promise<SaveMentionsResult>;
  /** Keeps an unreadable response; only the latest few per source are kept. */
  quarantineResponse(response: Omit<QuarantinedResponse, 'id'>): Promise<number>;
  listQuarantined(sourceId: number): Promise<QuarantinedResponse[]>;

  /** Throws CredentialLabelTakenError when the platform has a credential of that label. */
  addCredential(credential: NewCredential): Promise<StoredCredential>;
  listCredentials(platform?: string): Promise<StoredCredential[]>;
  getCredential(id: number): Promise<StoredCredential | null>;
  updateCredential(id: number, update: CredentialUpdate): Promise<void>;
  removeCredential(id: number): Promise<boolean>;
}

export class CredentialLabelTakenError extends Error {
  override name = 'CredentialLabelTakenError';
}
