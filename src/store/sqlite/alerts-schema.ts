// Schema of alerts: rules per topic, the alerts they fired (one per rule and window, so a
// window is never judged twice) and each alert's deliveries by e-mail and webhook with their log.
// IF NOT EXISTS: it runs again harmlessly on a file whose version was set back below it.
import type { Migration } from './migrations.js';

export const alertsMigration: Migration = {
  name: 'alert rules, alerts and their deliveries',
  up: (db) =>
    db.exec(`
CREATE TABLE IF NOT EXISTS alert_rules (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  query TEXT,
  settings TEXT NOT NULL DEFAULT '{}',
  emails TEXT NOT NULL DEFAULT '[]',
  email_digest INTEGER NOT NULL DEFAULT 0,
  webhook_url TEXT,
  webhook_secret TEXT,
  quiet_start TEXT,
  quiet_end TEXT,
  time_zone TEXT NOT NULL,
  daily_cap INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  after_mention_id INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_rules_topic ON alert_rules (topic_id);

CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  topic_id INTEGER NOT NULL,
  window_key TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  local_day TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  mention_ids TEXT NOT NULL,
  suppressed TEXT,
  read_at TEXT,
  UNIQUE (rule_id, window_key)
);
CREATE INDEX IF NOT EXISTS alerts_listed ON alerts (id) WHERE suppressed IS NULL;
CREATE INDEX IF NOT EXISTS alerts_rule_day ON alerts (rule_id, local_day);

CREATE TABLE IF NOT EXISTS alert_deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  target TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  log TEXT NOT NULL DEFAULT '[]',
  sent_at TEXT
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS alert_deliveries_alert ON alert_deliveries (alert_id);
`),
};
