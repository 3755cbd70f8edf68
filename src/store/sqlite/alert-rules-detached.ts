// In server mode the alert tables stay in the data directory's SQLite file while topics live in
// PostgreSQL, so `alert_rules.topic_id` cannot reference the file's (empty) topics table. This
// rebuilds alert_rules without that foreign key, keeping every rule and alert; the topic is then
// checked through the store when a rule is made, and a topic's rules are removed when the store
// deletes the topic (open-store.ts).
import type Database from 'better-sqlite3';

const TOPIC_KEY = /\s+REFERENCES\s+"?topics"?\s*\(\s*id\s*\)(\s+ON\s+DELETE\s+CASCADE)?/i;

/** True when alert_rules still references topics (and so needs rebuilding). */
export function alertRulesReferenceTopics(db: Database.Database): boolean {
  const keys = db.prepare('PRAGMA foreign_key_list(alert_rules)').all() as { table: string }[];
  return keys.some((key) => key.table === 'topics');
}

/** Drops the topic foreign key of alert_rules; does nothing when it is already gone. */
export function detachAlertRulesFromTopics(db: Database.Database): void {
  if (!alertRulesReferenceTopics(db)) return;
  const table = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'alert_rules'")
    .pluck()
    .get() as string;
  const indexes = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alert_rules' AND sql IS NOT NULL",
    )
    .pluck()
    .all() as string[];
  const detached = table
    .replace(TOPIC_KEY, '')
    .replace(
      /^CREATE TABLE( IF NOT EXISTS)?\s+"?alert_rules"?/i,
      'CREATE TABLE alert_rules_detached',
    );
  // Foreign keys off for the swap: dropping alert_rules would otherwise cascade to its alerts.
  // The pragma has no effect inside a transaction, so it is set around it.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.exec(detached);
      db.exec('INSERT INTO alert_rules_detached SELECT * FROM alert_rules');
      db.exec('DROP TABLE alert_rules');
      db.exec('ALTER TABLE alert_rules_detached RENAME TO alert_rules');
      for (const sql of indexes) db.exec(sql);
    })();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/** Removes a deleted topic's rules; their alerts and deliveries follow by cascade. */
export function removeTopicAlertRules(db: Database.Database, topicId: number): void {
  db.prepare('DELETE FROM alert_rules WHERE topic_id = ?').run(topicId);
}
