// The social platforms nghe knows, with what each one's official interface lets a self-hosted
// user collect, and what a URL given to "add source" would follow, before it is added.
import { z } from 'zod';
import { PLATFORM_COVERAGE } from '../../connectors/coverage.js';
import { platformModules } from '../../connectors/platforms.js';
import { credentialKinds, sourceKinds } from '../../connectors/registry.js';
import { SOURCE_KINDS } from '../../connectors/source-kinds.js';
import { resolveNewSource, SourceUrlError } from '../../jobs/source-from-url.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import type { PlatformInfo, RecognisedSource } from '../api-types.js';
import { defineRoute, type Route } from '../route.js';
import { PLATFORMS } from '../schemas.js';

export const platformInfoSchema: z.ZodType<PlatformInfo> = z.object({
  platform: z.enum(PLATFORMS),
  eligibility: z.string().describe('what the official interface lets you collect, in English'),
  sees: z.string().describe('what its interface lets nghe see, in one line (English)'),
  cannotSee: z
    .string()
    .describe('what it cannot see, in one line (English): no figure is all of it'),
  sourceKind: z.enum(SOURCE_KINDS).nullable().describe('the source kind that follows it'),
  collects: z.boolean().describe('false where its posts arrive by import only'),
  credential: z
    .object({
      fields: z.array(z.object({ name: z.string(), secret: z.boolean() })),
      help: z.string().describe('where to get one'),
    })
    .nullable(),
});

export const recognisedSourceSchema: z.ZodType<RecognisedSource> = z.object({
  kind: z.enum(SOURCE_KINDS),
  platform: z.enum(PLATFORMS),
  url: z.string().describe('the URL the source would be stored under'),
  follow: z.string().nullable().describe('channel, video, subreddit, hashtag, search …'),
  settings: z.record(z.string(), z.unknown()).describe('what is followed, e.g. handle or tag'),
});

const recogniseQuery = z.object({
  url: z.string().min(1).max(2048).describe('an address as a user sees it'),
  kind: z
    .enum(SOURCE_KINDS)
    .optional()
    .describe('the kind a user chose; read from the URL when absent'),
});

export function listPlatforms(): PlatformInfo[] {
  return [...platformModules.values()].map((module) => {
    const kind = SOURCE_KINDS.find((k) => sourceKinds[k].platform === module.platform) ?? null;
    const spec = credentialKinds.get(module.platform)?.spec;
    return {
      platform: module.platform,
      eligibility: module.eligibility,
      sees: PLATFORM_COVERAGE[module.platform].sees,
      cannotSee: PLATFORM_COVERAGE[module.platform].cannotSee,
      sourceKind: kind,
      collects: kind !== null && sourceKinds[kind].connector !== null,
      credential: spec
        ? { fields: spec.fields.map(({ name, secret }) => ({ name, secret })), help: spec.help }
        : null,
    };
  });
}

export function platformRoutes(_deps: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'listPlatforms',
      method: 'get',
      path: '/api/platforms',
      summary: 'Each social platform and what its official interface lets nghe collect',
      tag: 'sources',
      access: { allow: 'read', resource: 'none' },
      responses: {
        200: {
          description: 'every platform with a normaliser',
          schema: z.object({ platforms: z.array(platformInfoSchema) }),
        },
      },
      handle({ c }) {
        return c.json({ platforms: listPlatforms() });
      },
    }),
    defineRoute({
      id: 'recogniseSource',
      method: 'get',
      path: '/api/platforms/recognise',
      summary: 'What adding a URL as a source would follow, without adding it',
      tag: 'sources',
      access: { allow: 'read', resource: 'none' },
      query: recogniseQuery,
      responses: {
        200: { description: 'the source it would be', schema: recognisedSourceSchema },
        400: { description: 'ApiError: not a URL, or a platform URL nghe cannot follow' },
      },
      handle({ c, query }) {
        let wanted: ReturnType<typeof resolveNewSource>;
        try {
          wanted = resolveNewSource(query.url, { kind: query.kind });
        } catch (error) {
          if (error instanceof SourceUrlError) throw new HttpError(400, error.message);
          throw error;
        }
        const { follow, ...settings } = wanted.settings ?? {};
        const recognised: RecognisedSource = {
          kind: wanted.kind,
          platform: sourceKinds[wanted.kind].platform,
          url: wanted.url,
          follow: typeof follow === 'string' ? follow : null,
          settings,
        };
        return c.json(recognised);
      },
    }),
  ];
}
