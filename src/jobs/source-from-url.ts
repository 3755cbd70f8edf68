// A new source from the URL a user sees: a platform page (a YouTube channel, a subreddit, a
// hashtag) is recognised by the platform's own recogniser; any other URL is a feed, or a news
// sitemap when its name says so. Used by the CLI, the API and list imports alike.
import { recogniseSourceUrl, sourceKinds } from '../connectors/registry.js';
import { isSourceKind, SOURCE_KINDS } from '../connectors/source-kinds.js';
import type { NewSource, SourceKind } from '../model.js';

export class SourceUrlError extends Error {
  override name = 'SourceUrlError';
}

/** Setting names that would hold a secret; credentials live in their own encrypted table. */
const SECRET_NAME = /token|secret|password|apikey|api_key|credential/i;

/** A URL that names a sitemap is one; everything else is taken for a feed. */
export function guessWebKind(url: URL): SourceKind {
  return /sitemap[^/]*\.xml(\.gz)?$/i.test(url.pathname) ? 'sitemap' : 'feed';
}

/**
 * What to store for `url`, optionally of the `kind` a user named. Throws SourceUrlError with a
 * one-line reason for a URL that is not http(s), an unknown kind, a platform URL that does not
 * show what to follow, or a platform nothing collects yet.
 */
export function resolveNewSource(
  url: string,
  options: { kind?: string; title?: string | null } = {},
): NewSource {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new SourceUrlError(`not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SourceUrlError(`not an http(s) URL: ${url}`);
  }
  if (options.kind !== undefined && !isSourceKind(options.kind)) {
    throw new SourceUrlError(
      `unknown kind "${options.kind}": use one of ${SOURCE_KINDS.join(', ')}`,
    );
  }
  const title = options.title ?? null;
  const recognised = recogniseSourceUrl(parsed.href);
  const kind = (options.kind as SourceKind | undefined) ?? recognised?.kind ?? guessWebKind(parsed);
  const entry = sourceKinds[kind];
  if (entry.recogniseUrl) {
    const follow = kind === recognised?.kind ? recognised : entry.recogniseUrl(parsed);
    if (!follow) {
      throw new SourceUrlError(
        `not a ${kind} address nghe can follow: ${url} (see \`nghe sources add --help\`)`,
      );
    }
    if (!entry.connector) {
      throw new SourceUrlError(
        `recognised as a ${kind} ${follow.follow}, but this version of nghe does not collect ${kind} yet`,
      );
    }
    const settings = { follow: follow.follow, ...follow.settings };
    assertNoSecretSettings(settings);
    return { kind, url: follow.url, title, settings };
  }
  return { kind, url: url.trim(), title };
}

/** Refuses settings that name a secret: `GET /api/sources` returns settings as they are. */
export function assertNoSecretSettings(settings: Record<string, unknown>): void {
  for (const name of Object.keys(settings)) {
    if (SECRET_NAME.test(name)) {
      throw new SourceUrlError(
        `source settings cannot hold "${name}": add it with \`nghe credentials add\` instead`,
      );
    }
  }
}
