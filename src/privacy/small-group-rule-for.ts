// The small-group rule of a store: its SQLite person counter and the installation's k, one per
// connection. openApp sets k from config (privacy.minGroupSize); elsewhere the default holds.
import type Database from 'better-sqlite3';
import { sqliteGroupCounter } from '../store/sqlite/author-groups.js';
import type { GroupCounter } from './group-counter.js';
import { DEFAULT_MIN_GROUP_SIZE, MIN_GROUP_FLOOR } from './privacy-settings.js';
import type { SmallGroupRule } from './small-groups.js';

const rules = new WeakMap<Database.Database, SmallGroupRule>();

function dbOf(store: object): Database.Database {
  const db = (store as { db?: Database.Database }).db;
  if (!db || typeof db.prepare !== 'function') {
    throw new Error('small-group suppression needs the SQLite store');
  }
  return db;
}

/** Sets k for every figure read through this store (refused below 5). */
export function setMinGroupSize(store: object, minGroupSize: number): void {
  if (!Number.isInteger(minGroupSize) || minGroupSize < MIN_GROUP_FLOOR) {
    throw new Error(`minimum group size must be a whole number of at least ${MIN_GROUP_FLOOR}`);
  }
  const db = dbOf(store);
  rules.set(db, { count: smallGroupRuleFor(store).count, minGroupSize });
}

/** Counts persons for this store's figures with `count` instead (a read pool, off this thread). */
export function setGroupCounter(store: object, count: GroupCounter): void {
  rules.set(dbOf(store), { count, minGroupSize: smallGroupRuleFor(store).minGroupSize });
}

/** The rule for figures of this store; call this in every route and report that shows figures. */
export function smallGroupRuleFor(store: object): SmallGroupRule {
  const db = dbOf(store);
  let rule = rules.get(db);
  if (!rule) {
    rule = { count: sqliteGroupCounter(db), minGroupSize: DEFAULT_MIN_GROUP_SIZE };
    rules.set(db, rule);
  }
  return rule;
}
