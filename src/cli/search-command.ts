import type { Command } from 'commander';
import { CliError } from './cli-error.js';
import { isoDateOption } from './date-option.js';
import { checkQuery } from './topics-command.js';
import { withStore } from './with-app.js';

export function registerSearchCommand(program: Command): void {
  program
    .command('search <query...>')
    .description('full-text search, accent-insensitive ("thanh pho" finds "thành phố")')
    .option('--since <date>', 'only mentions published on or after this date')
    .option('--until <date>', 'only mentions published before this date')
    .option('--exact', 'match diacritics exactly ("đường" does not find "dương")')
    .option('--limit <n>', 'how many results', '20')
    .option('--json', 'print JSON')
    .action(
      async (
        words: string[],
        options: { since?: string; until?: string; exact?: boolean; limit: string; json?: boolean },
      ) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new CliError('--limit: a whole number from 1 to 1000');
        const query = words.join(' ');
        // The same language as the API's ?q=: what it refuses is refused here, with the position.
        checkQuery(query);
        await withStore(async (store) => {
          const page = await store.search({
            query,
            exactDiacritics: options.exact === true,
            since: isoDateOption(options.since, '--since'),
            until: isoDateOption(options.until, '--until'),
            limit,
          });
          if (options.json) {
            const hits = page.hits.map(({ mention: m, snippet }) => ({
              id: m.id,
              title: m.title,
              url: m.canonicalUrl,
              publishedAt: m.publishedAt,
              platform: m.platform,
              author: m.author?.displayName ?? null,
              sourceIds: m.sourceIds,
              snippet,
            }));
            console.log(JSON.stringify({ query, hits, nextCursor: page.nextCursor }, null, 2));
            return;
          }
          if (page.hits.length === 0) {
            console.log(`no mentions match "${query}"`);
            return;
          }
          for (const { mention: m, snippet } of page.hits) {
            const when = m.publishedAt
              ? m.publishedAt.slice(0, 16).replace('T', ' ')
              : 'undated         ';
            console.log(
              `${when}  ${m.title ?? '(untitled)'}\n                  ${m.canonicalUrl ?? ''}\n                  ${snippet}\n`,
            );
          }
        });
      },
    );
}
