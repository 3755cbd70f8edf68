// The one error shape the API answers with. Handlers throw HttpError; the app turns it (and
// anything unexpected) into an `ApiError` body without leaking internals.
import type { ApiError } from './api-types.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Omit<ApiError['error'], 'status' | 'message'> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ApiError {
    return { error: { status: this.status, message: this.message, ...this.extra } };
  }
}

export function notFound(what: string): HttpError {
  return new HttpError(404, `${what} not found`);
}
