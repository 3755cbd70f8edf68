// Outcomes of a collection that are not plain failures. The collector reads them to pause a
// source with its reason, to mark it needing a credential, or to set a response aside.

/** Collection must wait (a quota or rate-limit window is spent); not counted as a failure. */
export class QuotaPause extends Error {
  constructor(
    reason: string,
    /** When collection may resume. */
    readonly until: Date,
  ) {
    super(reason);
    this.name = 'QuotaPause';
  }
}

/** The platform needs a credential and none is usable; a user must add or replace one. */
export class MissingCredentialError extends Error {
  override name = 'MissingCredentialError';
}

/**
 * The credential's token expired or was revoked and nghe cannot renew it, or every credential
 * of the platform was refused: the source waits, paused with this reason, until a user adds a
 * new one (no retries in between).
 */
export class CredentialNeedsReplacingError extends MissingCredentialError {
  override name = 'CredentialNeedsReplacingError';
}

/** The platform refused the credential (revoked key, wrong secret). */
export class InvalidCredentialError extends Error {
  override name = 'InvalidCredentialError';
}

/**
 * A response the connector cannot read: an unknown shape, a body that is not the API's. The
 * collector keeps the raw body aside with the reason and stores nothing of the batch.
 */
export class QuarantinedResponseError extends Error {
  constructor(
    reason: string,
    readonly url: string | null,
    readonly body: string,
  ) {
    super(reason.split('\n')[0]);
    this.name = 'QuarantinedResponseError';
  }
}
