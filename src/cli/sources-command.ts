import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseSourceList } from '../jobs/source-import.js';
import type { Source, SourceKind } from '../model.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

const KINDS = ['feed', 'sitemap', 'article'] as const;

/** A URL that names a sitemap is one; everything else is taken for a feed unless told. */
export function guessKind(url: string): SourceKind {
  return /sitemap[^/]*\.xml(\.gz)?$/i.test(new URL(url).pathname) ? 'sitemap' : 'feed';
}

export function registerSourcesCommand(program: Command): void {
  const sources = program.command('sources').description('manage the sources nghe collects from');

  sources
    .command('add <url>')
    .description('add a feed, news sitemap or article page')
    .option('--kind <kind>', `one of ${KINDS.join(', ')} (default: guessed from the URL)`)
    .option('--title <title>', 'a name to show instead of the one the source gives itself')
    .action(async (url: string, options: { kind?: string; title?: string }) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new CliError(`not a URL: ${url}`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new CliError(`not an http(s) URL: ${url}`);
      if (options.kind && !KINDS.includes(options.kind as SourceKind)) {
        throw new CliError(`unknown kind "${options.kind}": use one of ${KINDS.join(', ')}`);
      }
      const kind = (options.kind as SourceKind | undefined) ?? guessKind(url);
      await withStore(async (store) => {
        const { source, created } = await store.addSource({
          kind,
          url,
          title: options.title ?? null,
        });
        console.log(
          `${created ? 'added' : 'already present'}: #${source.id} ${source.kind} ${source.url}`,
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
          const { created } = await store.addSource({
            kind: entry.kind,
            url: entry.url,
            title: entry.title ?? null,
          });
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
    : h.lastAttemptAt === null
      ? 'new'
      : h.consecutiveFailures > 0
        ? `FAILING x${h.consecutiveFailures}: ${h.lastError ?? ''}`
        : 'ok';
  const last = h.lastSuccessAt
    ? `last ok ${h.lastSuccessAt.slice(0, 16).replace('T', ' ')}Z`
    : 'never fetched';
  const warn = h.lastWarnings.length > 0 ? `, ${h.lastWarnings.length} warning(s)` : '';
  return `#${source.id}\t${source.kind}\t${status}\t${last}, ${h.lastItemCount} items (${h.lastNewCount} new)${warn}, every ${Math.round(source.schedule.intervalSeconds / 60)} min\t${source.title ?? ''}\t${source.url}`;
}
