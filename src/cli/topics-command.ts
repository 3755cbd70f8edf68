// nghe topics: standing queries that every mention is matched against.
import type { Command } from 'commander';
import { topicNamed } from '../http/topic-names.js';
import { runBackfill } from '../jobs/backfill.js';
import type { Platform } from '../model.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import type { BackfillProgress, ListeningStore, Topic } from '../store/listening-store.js';
import type { Store } from '../store/store.js';
import { CliError } from './cli-error.js';
import { withStore } from './with-app.js';

export function parseId(value: string, what = 'id'): number {
  if (!/^\d+$/.test(value)) throw new CliError(`not a ${what}: ${value}`);
  return Number(value);
}

/** A topic by id, or by exact name (case-insensitive) when the argument is not a number. */
export async function resolveTopic(store: ListeningStore, idOrName: string): Promise<Topic> {
  if (/^\d+$/.test(idOrName)) {
    const topic = await store.getTopic(Number(idOrName));
    if (!topic) throw new CliError(`no topic #${idOrName}`);
    return topic;
  }
  const wanted = idOrName.trim().toLowerCase();
  const found = (await store.listTopics()).filter((t) => t.name.toLowerCase() === wanted);
  if (found.length === 0) throw new CliError(`no topic named "${idOrName}"`);
  if (found.length > 1) {
    throw new CliError(`${found.length} topics are named "${idOrName}": use the id`);
  }
  return found[0]!;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/** Exit 2 with the query, a caret under the offending position and what was expected. */
export function checkQuery(query: string): void {
  try {
    parseQuery(query);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    const caret = `${' '.repeat(Math.min(error.position, query.length))}^`;
    process.stderr.write(`  ${query}\n  ${caret} expected ${error.expected}\n`);
    throw new CliError(`invalid query at position ${error.position}: ${error.reason}`, 2);
  }
}

function progressLine(p: BackfillProgress): string {
  const percent = p.total === 0 ? 100 : Math.min(100, Math.floor((p.processed / p.total) * 100));
  return `back-fill: ${p.processed}/${p.total} mentions (${percent}%), ${p.matched} matched`;
}

async function backfillWithProgress(
  store: Store & ListeningStore,
  topicId: number,
  reset: boolean,
): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const result = await runBackfill(store, topicId, {
    reset,
    onProgress: (p) => {
      if (tty) process.stderr.write(`\r${progressLine(p)}`);
    },
  });
  if (tty) process.stderr.write('\n');
  console.log(`${progressLine(result)}: ${result.state}`);
  if (result.state === 'failed') throw new CliError(`back-fill failed: ${result.error}`);
}

function describeTopic(topic: Topic): string[] {
  const limits = [
    topic.langs ? `lang ${topic.langs.join(',')}` : null,
    topic.platforms ? `platform ${topic.platforms.join(',')}` : null,
    topic.sourceIds ? `source ${topic.sourceIds.join(',')}` : null,
  ].filter((x) => x !== null);
  const b = topic.backfill;
  return [
    `#${topic.id} ${topic.name} (${topic.status})`,
    `  query:       ${topic.query}`,
    ...(topic.description ? [`  description: ${topic.description}`] : []),
    `  limits:      ${limits.length > 0 ? limits.join('; ') : 'none'}`,
    `  back-fill:   ${b.state}, ${b.processed}/${b.total} examined, ${b.matched} matched` +
      (b.error ? ` (${b.error})` : ''),
    `  created:     ${topic.createdAt}`,
  ];
}

export function registerTopicsCommand(program: Command): void {
  const topics = program
    .command('topics')
    .description('standing queries: every mention is matched and tagged');

  topics
    .command('add')
    .description('add a topic and tag the mentions already stored')
    .requiredOption('--name <name>', 'what to call it')
    .requiredOption('--query <query>', 'in the query language (see src/query/SYNTAX.md)')
    .option('--description <text>', 'a note for people reading the dashboard')
    .option('--lang <codes>', 'only these languages, comma-separated (vi,en)')
    .option('--platform <names>', 'only these platforms, comma-separated (web,youtube)')
    .option('--source <ids>', 'only mentions from these source ids, comma-separated')
    .option('--no-backfill', 'only tag mentions collected from now on')
    .action(
      async (options: {
        name: string;
        query: string;
        description?: string;
        lang?: string;
        platform?: string;
        source?: string;
        backfill: boolean;
      }) => {
        checkQuery(options.query);
        const sourceIds = list(options.source)?.map((id) => parseId(id, 'source id'));
        await withStore(async (store) => {
          const taken = topicNamed(await store.listTopics(), options.name);
          if (taken)
            throw new CliError(`a topic named "${taken.name}" already exists (#${taken.id})`);
          const topic = await store.createTopic({
            name: options.name,
            query: options.query,
            description: options.description ?? null,
            langs: list(options.lang) ?? null,
            platforms: (list(options.platform) as Platform[] | undefined) ?? null,
            sourceIds: sourceIds ?? null,
          });
          console.log(`added topic #${topic.id} ${topic.name}`);
          if (options.backfill) await backfillWithProgress(store, topic.id, false);
        });
      },
    );

  topics
    .command('list')
    .description('list topics')
    .action(async () => {
      await withStore(async (store) => {
        const all = await store.listTopics();
        if (all.length === 0) console.log('no topics yet: nghe topics add --name N --query Q');
        for (const t of all) {
          console.log(`#${t.id}\t${t.status}\t${t.backfill.state}\t${t.name}\t${t.query}`);
        }
      });
    });

  topics
    .command('show <id>')
    .description('a topic with its back-fill progress')
    .action(async (id: string) => {
      await withStore(async (store) => {
        const topic = await resolveTopic(store, id);
        for (const line of describeTopic(topic)) console.log(line);
        const share = await store.sentimentShare({ topicId: topic.id });
        console.log(`  mentions:    ${share.total}`);
        await store.appendAudit({
          actor: 'cli',
          action: 'topics show',
          detail: JSON.stringify({ topic: topic.id }),
          resultCount: share.total,
        });
      });
    });

  topics
    .command('backfill <id>')
    .description('tag stored mentions with the topic (resumes an interrupted run)')
    .option('--reset', 'remove its tags first and start over')
    .action(async (id: string, options: { reset?: boolean }) => {
      await withStore(async (store) => {
        const topic = await resolveTopic(store, id);
        await backfillWithProgress(store, topic.id, options.reset === true);
      });
    });

  for (const [name, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    topics
      .command(`${name} <id>`)
      .description(
        name === 'pause' ? 'stop tagging new mentions with the topic' : 'tag new mentions again',
      )
      .action(async (id: string) => {
        await withStore(async (store) => {
          const topic = await resolveTopic(store, id);
          await store.updateTopic(topic.id, { status });
          console.log(`topic #${topic.id} ${topic.name}: ${status}`);
        });
      });
  }

  topics
    .command('delete <id>')
    .description('delete a topic and its tags (mentions stay)')
    .action(async (id: string) => {
      await withStore(async (store) => {
        const topic = await resolveTopic(store, id);
        await store.deleteTopic(topic.id);
        console.log(`deleted topic #${topic.id} ${topic.name}`);
      });
    });
}
