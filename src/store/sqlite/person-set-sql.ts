// SQL fragments shared by the person-set levels (per day and term, per day, term and platform,
// per dimension, per local day): the set cap, a day's search keys and the trigger pieces.
import { PERSON_SQL } from './rollup-levels-schema.js';

/** The most persons a set holds (k of the small-group rule). */
export const CAP = '(SELECT k FROM rollup_person_cap)';

/** Search keys of UTC day `day`: [lower, upper]. */
export const dayKeys = (day: string) =>
  [`((${day}) * 86400) << 20`, `((((${day}) + 1) * 86400) << 20) - 1`] as const;

/** Topic 0 (all mentions) and the topics mention `mention` is tagged with, as a SELECT. */
export const topicsOf = (mention: string) =>
  `SELECT 0 AS topic_id UNION ALL SELECT topic_id FROM mention_topics WHERE mention_id = ${mention}`;

/** A trigger's row is older than the batch being written (which GroupedRollups counts). */
export const guard = (row: 'NEW' | 'OLD') => `${row}.id < (SELECT first_id FROM rollup_batch)`;

/** UTC day of a trigger's row. */
export const dayOf = (row: 'NEW' | 'OLD') => `((${row}.search_key >> 20) / 86400)`;

/** PERSON_SQL of a trigger's row. */
export const personOf = (row: 'NEW' | 'OLD') => PERSON_SQL.replaceAll('m.', `${row}.`);

/** Text keywords of a trigger's row, as a SELECT of `term`. */
export const termsOf = (row: 'NEW' | 'OLD') =>
  `SELECT value AS term FROM json_each(coalesce(${row}.keywords, '[]')) WHERE type = 'text'`;
