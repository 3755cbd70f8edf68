// The one error shape the API answers with. Handlers throw HttpError; the app turns it (and
// anything unexpected) into an `ApiError` body without leaking internals. Every error carries a
// code declared in error-codes.ts and its parameters, so the dashboard can say it in its language.
import type { ApiError } from './api-types.js';
import {
  API_ERROR_CODES,
  type ApiErrorCode,
  type ApiErrorParams,
  codeForStatus,
  fillTemplate,
  type NotFoundThing,
} from './error-codes.js';

type Extra = Omit<ApiError['error'], 'status' | 'message' | 'code' | 'params'> & {
  code?: ApiErrorCode;
  params?: Record<string, string | number>;
};

export class HttpError extends Error {
  readonly code: ApiErrorCode;
  readonly params: Record<string, string | number>;
  readonly extra: Omit<Extra, 'code' | 'params'>;

  /** Without a code in `extra`, the status's generic code carries `message` as `detail`. */
  constructor(
    readonly status: number,
    message: string,
    extra: Extra = {},
  ) {
    super(message);
    this.name = 'HttpError';
    const { code, params, ...rest } = extra;
    this.code = code ?? codeForStatus(status);
    this.params = params ?? (API_ERROR_CODES[this.code].params.length ? { detail: message } : {});
    this.extra = rest;
  }

  toBody(): ApiError {
    return {
      error: {
        status: this.status,
        message: this.message,
        ...this.extra,
        code: this.code,
        params: this.params,
      },
    };
  }
}

/** An error by its declared code: status and English message follow from the declaration. */
export function apiError<C extends ApiErrorCode>(
  code: C,
  params: ApiErrorParams<C>,
  extra: Omit<Extra, 'code' | 'params'> = {},
): HttpError {
  const spec = API_ERROR_CODES[code];
  const values = params as Record<string, string | number>;
  return new HttpError(spec.status, fillTemplate(spec.en, values), {
    ...extra,
    code,
    params: values,
  });
}

export function notFound(what: NotFoundThing): HttpError {
  return apiError('not_found', { what });
}
