// A refusal from the server, said in the reader's language from its code and parameters; the
// server's own English sentence only when the answer carries no code this dashboard knows.
import type { ApiError } from '../../../src/http/api-types.js';
import { fillTemplate } from '../../../src/http/error-codes.js';
import { errorsEn, thingsEn } from './errors-en.js';
import { errorsVi, thingsVi } from './errors-vi.js';
import { storedLang } from './locale.js';
import { queryWordsEn } from './query-errors-en.js';
import { queryWordsVi } from './query-errors-vi.js';

type Lang = 'vi' | 'en';

/** The language the reader chose; Vietnamese where none can be read (outside a browser). */
export function readerLang(): Lang {
  try {
    return storedLang();
  } catch {
    return 'vi';
  }
}

const CATALOGUES = {
  vi: { errors: errorsVi, things: thingsVi, queryWords: queryWordsVi },
  en: { errors: errorsEn, things: thingsEn, queryWords: queryWordsEn },
} as const;

export function apiErrorText(lang: Lang, error: ApiError['error']): string {
  const { errors, things, queryWords } = CATALOGUES[lang];
  const template = Object.hasOwn(errors, error.code)
    ? errors[error.code as keyof typeof errors]
    : null;
  if (template === null) return error.message;
  const params = { ...(error.params ?? {}) };
  const what = params.what;
  if (typeof what === 'string' && Object.hasOwn(things, what)) {
    params.what = things[what as keyof typeof things];
  }
  // A query refusal names what the parser expected or found in English words; the query's own
  // text, quoted, stays as typed.
  for (const name of ['expected', 'found'] as const) {
    const word = params[name];
    if (typeof word === 'string' && Object.hasOwn(queryWords, word))
      params[name] = queryWords[word]!;
    else if (typeof word === 'string' && /^'.*'$/s.test(word))
      params[name] = `“${word.slice(1, -1)}”`;
  }
  return fillTemplate(template, params);
}

/** What to show for any failure: a server refusal in words of the reader's language. */
export function errorText(lang: Lang, error: unknown): string {
  const detail = (error as { detail?: ApiError['error'] | null } | null)?.detail;
  if (detail && typeof detail.code === 'string') return apiErrorText(lang, detail);
  return error instanceof Error ? error.message : String(error);
}

/** A query the server would refuse, as the live check or a refusal gave it, in the reader's words. */
export function queryProblemText(
  lang: Lang,
  problem: { message: string; code?: string; params?: Record<string, string | number> },
): string | null {
  if (!problem.code) return null;
  const text = apiErrorText(lang, {
    status: 400,
    message: problem.message,
    code: problem.code as ApiError['error']['code'],
    params: problem.params ?? {},
  });
  return text === problem.message ? null : text;
}
