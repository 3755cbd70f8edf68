// An erasure request through the API, as `nghe erase` does it: the handle is turned into the
// pseudonyms collection stored and every mention of that person is removed, from the full-text
// index and the figures too. The usage log records the platform and how many went, never the
// handle.
import { z } from 'zod';
import { PLATFORMS, type Platform } from '../../model.js';
import { privacyOf } from '../../privacy/installation-privacy.js';
import { eraseAuthor } from '../../privacy/retention.js';
import { retentionStoreFor } from '../../store/retention-store-for.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError } from '../api-error.js';
import { defineRoute, type Route } from '../route.js';

const erasureBody = z
  .object({
    platform: z.enum(PLATFORMS).describe('where the person writes'),
    handle: z
      .string()
      .trim()
      .min(1, 'give the person’s handle or account id')
      .max(500)
      .describe('their handle, or their account id where the platform has one'),
  })
  .strict();

export function erasureRoutes({ store }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'eraseAuthor',
      method: 'post',
      path: '/api/erasure',
      summary: 'Remove every mention of one person (an erasure request); the handle is not logged',
      tag: 'privacy',
      access: { allow: 'manage', resource: 'none' },
      body: erasureBody,
      responses: {
        200: {
          description: 'how many mentions were removed',
          schema: z.object({ platform: z.string(), mentions: z.number().int() }),
        },
        501: { description: 'ApiError: this store or installation cannot erase' },
      },
      async handle({ c, body, audit }) {
        const { secret } = privacyOf(store);
        const retention = retentionStoreFor(store);
        if (!secret || !retention) {
          throw new HttpError(
            501,
            'erasure needs a SQLite or PostgreSQL store and the installation key',
          );
        }
        const platform = body.platform as Platform;
        const result = await eraseAuthor(retention, secret, platform, body.handle);
        await audit({ platform }, result.mentions);
        return c.json({ platform, mentions: result.mentions });
      },
    }),
  ];
}
