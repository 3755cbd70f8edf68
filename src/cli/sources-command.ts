import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { coverageLine } from '../connectors/coverage.js';
import { platformModules } from '../connectors/platforms.js';
import { sourceKinds } from '../connectors/registry.js';
import { SOURCE_KINDS } from '../connectors/source-kinds.js';
import { resolveNewSource, SourceUrlError } from '../jobs/source-from-url.js';
import { parseSourceList } from '../jobs/source-import.js';
import type { Source } from '../model.js';
import { ALLOW_PRIVATE_SETTING, privateAddressOf } from '../net/private-source-address.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

const PLATFORM_EXAMPLES = `
Platform pages are recognised from the address a browser shows, e.g.
  https://www.youtube.com/@handle   …/channel/UC…   …/watch?v=ID
  https://www.reddit.com/r/vietnam   …/r/vietnam/comments/ID/…   …/search?q=ngập
  https://mastodon.social/tags/hanoi   https://bsky.app/search?q=ngập   https://t.me/s/channel
Other addresses are feeds, or news sitemaps when the file name says sitemap.`;

export function registerSourcesCommand(program: Command): void {
  const sources = program.command('sources').description('manage the sources nghe collects from');

  sources
    .command('add <url>')
    .description('add a feed, news sitemap, article page or platform page')
    .option('--kind <kind>', `one of ${SOURCE_KINDS.join(', ')} (default: read from the URL)`)
    .option('--title <title>', 'a name to show instead of the one the source gives itself')
    .addHelpText('after', PLATFORM_EXAMPLES)
    .action(async (url: string, options: { kind?: string; title?: string }) => {
      let wanted: ReturnType<typeof resolveNewSource>;
      try {
        wanted = resolveNewSource(url, { kind: options.kind, title: options.title ?? null });
      } catch (error) {
        if (error instanceof SourceUrlError) throw new CliError(error.message);
        throw error;
      }
      if (!loadConfig().allowPrivateAddresses) {
        const blocked = await privateAddressOf(wanted.url);
        if (blocked) {
          throw new CliError(
            `${blocked.host} is a private, loopback or link-local address (${blocked.address}); nghe refuses these unless ${ALLOW_PRIVATE_SETTING} is set`,
          );
        }
      }
      await withStore(async (store) => {
        const { source, created } = await store.addSource(wanted);
        const follow =
          typeof source.settings.follow === 'string' ? ` ${source.settings.follow}` : '';
        console.log(
          `${created ? 'added' : 'already present'}: #${source.id} ${source.kind}${follow} ${source.url}`,
        );
      });
    });

  sources
    .command('import <file>')
    .description('add every source of an OPML or CSV file (CSV columns: url, kind, title)')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(
          `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      const list = parseSourceList(text, file);
      await withStore(async (store) => {
        let added = 0;
        for (const entry of list.entries) {
          const { line: _line, ...wanted } = entry;
          const { created } = await store.addSource(wanted);
          if (created) added++;
        }
        for (const r of list.rejected) console.error(`${file}:${r.line}: skipped: ${r.reason}`);
        console.log(
          `imported ${added} new source(s), ${list.entries.length - added} already present, ${list.rejected.length} skipped`,
        );
      });
    });

  sources
    .command('list')
    .description('every source with its health')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const all = await store.listSources();
        if (options.json) {
          console.log(JSON.stringify(all, null, 2));
          return;
        }
        if (all.length === 0) {
          console.log(
            'no sources yet: add one with `nghe sources add URL` or `nghe sources import FILE`',
          );
          return;
        }
        for (const source of all) console.log(formatSourceLine(source));
        for (const line of coverageLines(all)) console.log(line);
      });
    });

  sources
    .command('remove <id>')
    .description('stop collecting from a source (its mentions stay)')
    .action(async (id: string) => {
      await withStore(async (store) => {
        if (!(await store.removeSource(Number(id)))) throw new CliError(`no source #${id}`);
        console.log(`removed source #${id}`);
      });
    });
}

export function formatSourceLine(source: Source): string {
  const h = source.health;
  const status = !source.enabled
    ? 'paused'
    : h.paused
      ? `WAITING: ${h.paused.reason}${h.paused.until ? ` (until ${shortTime(h.paused.until)})` : ''}`
      : h.lastAttemptAt === null
        ? 'new'
        : h.consecutiveFailures > 0
          ? `FAILING x${h.consecutiveFailures}: ${h.lastError ?? ''}`
          : 'ok';
  const last = h.lastSuccessAt ? `last ok ${shortTime(h.lastSuccessAt)}` : 'never fetched';
  const warn = h.lastWarnings.length > 0 ? `, ${h.lastWarnings.length} warning(s)` : '';
  const quarantine = h.quarantine ? `, response set aside: ${h.quarantine.reason}` : '';
  return `#${source.id}\t${source.kind}\t${status}\t${last}, ${h.lastItemCount} items (${h.lastNewCount} new)${warn}${quarantine}${credentialNote(source)}, every ${Math.round(source.schedule.intervalSeconds / 60)} min\t${source.title ?? ''}\t${source.url}`;
}

/** What each listed platform's official interface lets nghe see, so no count reads as "all of it". */
export function coverageLines(sources: readonly Source[]): string[] {
  const platforms = new Set(sources.map((s) => sourceKinds[s.kind].platform));
  const lines: string[] = [];
  for (const platform of platforms) {
    const module = platformModules.get(platform);
    if (module) lines.push(`coverage of ${coverageLine(platform)}`, `  ${module.eligibility}`);
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}

/** The credential the source used last: its quota left and its last error. */
function credentialNote(source: Source): string {
  const c = source.health.credential;
  if (!c) return '';
  const quota =
    c.remaining === null
      ? ''
      : ` ${c.remaining}${c.limit === null ? '' : `/${c.limit}`} left${c.resetAt ? ` until ${shortTime(c.resetAt)}` : ''}`;
  const error = c.lastError ? `, ${c.status}: ${c.lastError}` : '';
  return `, credential #${c.id} (${c.label})${quota}${error}`;
}
