import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { httpClientOptions, loadConfig } from '../config/config.js';
import type { ParsedFeed } from '../model.js';
import { CliError } from './cli-error.js';

/** Exit code for "the input is not a feed", distinct from usage and I/O errors. */
export const NOT_A_FEED_EXIT_CODE = 2;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function readInput(target: string, contentType: string | undefined) {
  if (/^https?:\/\//i.test(target)) {
    const config = loadConfig();
    const { createHttpClient } = await import('../net/http-client.js');
    const { FetchError } = await import('../net/types.js');
    const http = createHttpClient(httpClientOptions(config));
    try {
      const response = await http.get({ url: target });
      return {
        bytes: response.body,
        contentType: contentType ?? response.contentType,
        url: response.url,
      };
    } catch (error) {
      if (error instanceof FetchError) throw new CliError(`${target}: ${error.message}`);
      throw error;
    } finally {
      await http.close();
    }
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch (error) {
    throw new CliError(
      `cannot read ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // Saved feeds are sometimes the compressed bytes as served.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES });
    } catch (error) {
      throw new CliError(
        `${target}: damaged gzip data (${(error as Error).message})`,
        NOT_A_FEED_EXIT_CODE,
      );
    }
  }
  return { bytes, contentType: contentType ?? null, url: null };
}

/** The documented JSON shape, keys in a fixed order. */
export function feedToJson(feed: ParsedFeed) {
  return {
    format: feed.format,
    version: feed.version,
    title: feed.title,
    link: feed.link,
    description: feed.description,
    language: feed.language,
    encoding: feed.encoding,
    warnings: feed.warnings,
    items: feed.items.map((item) => ({
      id: item.id,
      title: item.title,
      link: item.link,
      published: item.published,
      updated: item.updated,
      author: item.author,
      summary: item.summary,
      content: item.content,
      categories: item.categories,
      enclosures: item.enclosures.map((e) => ({ url: e.url, type: e.type, length: e.length })),
    })),
  };
}

export function registerFeedCommand(program: Command): void {
  const feed = program.command('feed').description('work with feeds without storing anything');
  feed
    .command('parse <fileOrUrl>')
    .description('parse one RSS, Atom, RDF or JSON feed and print it')
    .option('--json', 'print the parsed feed as JSON')
    .option('--content-type <type>', 'stands in for the HTTP Content-Type header, charset included')
    .action(async (target: string, options: { json?: boolean; contentType?: string }) => {
      const input = await readInput(target, options.contentType);
      const { NotAFeedError, parseFeed } = await import('../connectors/feed/parse-feed.js');
      let parsed: ParsedFeed;
      try {
        parsed = parseFeed(input.bytes, { contentType: input.contentType, url: input.url });
      } catch (error) {
        if (error instanceof NotAFeedError) throw new CliError(error.message, NOT_A_FEED_EXIT_CODE);
        throw error;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(feedToJson(parsed), null, 2)}\n`);
        return;
      }
      console.log(
        `${parsed.format} ${parsed.version ?? ''} · ${parsed.encoding} · ${parsed.items.length} item(s)`,
      );
      console.log(`${parsed.title ?? '(untitled)'}${parsed.link ? ` <${parsed.link}>` : ''}`);
      for (const w of parsed.warnings) console.log(`warning: ${w}`);
      for (const item of parsed.items) {
        console.log(
          `- ${item.published ?? 'undated'}  ${item.title ?? '(untitled)'}${item.link ? `\n  ${item.link}` : ''}`,
        );
      }
    });
}
