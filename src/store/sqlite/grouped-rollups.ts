// Adds (topic, mention) pairs to every roll-up level, or takes them off, in groups: the pairs'
// dimensions are read once into connection-local tables, then each level gets one upsert per
// bucket from them. Reading the dimension views once per level instead cost each pair ten
// lookups of its mention, its lowest source and its engagement. Topic 0 pairs count newly
// stored mentions; real topics, their tags. Call inside the caller's transaction.
import type Database from 'better-sqlite3';
import {
  addDimensionPersons,
  REMOVED_DIM_PAIRS_TABLE,
  removeDimensionPersons,
} from './dimension-persons-schema.js';
import {
  addDaysAndPersons,
  REMOVED_PAIRS_TABLE,
  removeDaysAndPersons,
} from './local-days-persons-schema.js';
import { taggedPlaceSectorStatements } from './places-stories-schema.js';
import { addTaggedStatements, removeTaggedStatements } from './rollup-levels-schema.js';
import { shareDaysStatements } from './share-days-schema.js';
import { shareHoursStatements } from './share-hours-schema.js';
import { taggedShareStatements } from './share-statistics-schema.js';
import { sealTermBlocks } from './term-blocks-schema.js';
import { addTermPersons, REMOVED_TERM_TABLES, removeTermPersons } from './term-persons-schema.js';
import {
  addTermPlatformPersons,
  REMOVED_TERM_PLATFORM_TABLES,
  removeTermPlatformPersons,
} from './term-platform-persons-schema.js';
import { platformTermWeekStatements, sealPlatformTermWeeks } from './term-platform-weeks-schema.js';
import { platformTermStatements } from './term-platforms-schema.js';

const DAY_MS = 86_400_000;
const DIMS = { from: 'temp.pair_dims AS d', topic: 'd.topic_id' };
const SHARE_DIMS = { from: 'temp.pair_share_dims AS d', topic: 'd.topic_id' };

export class GroupedRollups {
  private readonly clear: Database.Statement[];
  private readonly fill: Database.Statement<{ pairs: string }>;
  private readonly fillShares: Database.Statement;
  private readonly add: Database.Statement[];
  private readonly remove: Database.Statement[];
  private checkedDay = Number.NaN;

  constructor(private readonly db: Database.Database) {
    // Same columns as the views, plus the topic; empty between calls.
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS pair_dims AS
        SELECT 0 AS topic_id, * FROM mention_dims WHERE false;
      CREATE TEMP TABLE IF NOT EXISTS pair_share_dims AS
        SELECT 0 AS topic_id, * FROM mention_share_dims WHERE false;
      ${REMOVED_PAIRS_TABLE};
      ${REMOVED_DIM_PAIRS_TABLE};
      ${REMOVED_TERM_TABLES};
      ${REMOVED_TERM_PLATFORM_TABLES};`);
    this.clear = [
      db.prepare('DELETE FROM temp.pair_dims'),
      db.prepare('DELETE FROM temp.pair_share_dims'),
    ];
    this.fill = db.prepare(`INSERT INTO temp.pair_dims
      SELECT json_extract(p.value, '$[0]'), d.*
      FROM json_each(@pairs) AS p JOIN mention_dims AS d
        ON d.mention_id = json_extract(p.value, '$[1]')`);
    // mention_share_dims, with the dimensions both views share taken from pair_dims.
    this.fillShares = db.prepare(`INSERT INTO temp.pair_share_dims (topic_id, mention_id,
        search_key, hour, day, platform, lang, sentiment, source_id, grp, p0, p1, p2, cell)
      SELECT t.topic_id, t.mention_id, m.search_key, t.hour, t.day, t.platform, t.lang,
        m.sentiment, t.source_id, m.share_group, m.prob_negative, m.prob_neutral,
        m.prob_positive, m.share_cell
      FROM temp.pair_dims AS t JOIN mentions AS m ON m.id = t.mention_id
      WHERE m.share_group IS NOT NULL`);
    const prepare = (sql: string) => db.prepare(sql);
    this.add = [
      ...addTaggedStatements(DIMS),
      ...taggedShareStatements(1, SHARE_DIMS),
      ...shareDaysStatements(1, SHARE_DIMS),
      ...shareHoursStatements(1, SHARE_DIMS),
      ...taggedPlaceSectorStatements(1, DIMS),
      ...addDaysAndPersons(DIMS),
      ...addDimensionPersons(DIMS),
      ...addTermPersons(DIMS),
      ...platformTermStatements(1, DIMS),
      ...platformTermWeekStatements(1, DIMS),
      ...addTermPlatformPersons(DIMS),
    ].map(prepare);
    this.remove = [
      ...removeTaggedStatements(DIMS),
      ...taggedShareStatements(-1, SHARE_DIMS),
      ...shareDaysStatements(-1, SHARE_DIMS),
      ...shareHoursStatements(-1, SHARE_DIMS),
      ...taggedPlaceSectorStatements(-1, DIMS),
      ...removeDaysAndPersons(DIMS),
      ...removeDimensionPersons(DIMS),
      ...removeTermPersons(DIMS),
      ...platformTermStatements(-1, DIMS),
      ...platformTermWeekStatements(-1, DIMS),
      ...removeTermPlatformPersons(DIMS),
    ].map(prepare);
  }

  /** Counts the pairs (JSON array of [topic id, mention id]) in every level. */
  addPairs(pairs: string): void {
    const today = Math.floor(Date.now() / DAY_MS);
    if (today !== this.checkedDay) {
      // Weeks and months that ended move to the coarse term levels (term-blocks-schema.ts).
      sealTermBlocks(this.db, Date.now());
      sealPlatformTermWeeks(this.db, Date.now());
      this.checkedDay = today;
    }
    this.apply(pairs, this.add);
  }

  /** Takes the pairs off every level. */
  removePairs(pairs: string): void {
    this.apply(pairs, this.remove);
  }

  private apply(pairs: string, statements: Database.Statement[]): void {
    for (const statement of this.clear) statement.run();
    this.fill.run({ pairs });
    this.fillShares.run();
    for (const statement of statements) statement.run();
  }
}
