// Schema of reports: policies with their windows, report configurations with their weekly
// schedule and recipients, and the archive of generated reports (the JSON served by the API
// and the PDF mailed). unit_id stays NULL until organisational units exist.
// IF NOT EXISTS: it runs again harmlessly on a file whose version was set back below it.
import type { Migration } from './migrations.js';

export const reportsMigration: Migration = {
  name: 'policies, report configurations and the report archive',
  up: (db) =>
    db.exec(`
CREATE TABLE IF NOT EXISTS policies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  promulgated_on TEXT NOT NULL,
  places TEXT NOT NULL DEFAULT '[]',
  sectors TEXT NOT NULL DEFAULT '[]',
  unit_id INTEGER,
  topic_id INTEGER REFERENCES topics (id) ON DELETE SET NULL,
  days_before INTEGER NOT NULL,
  days_after INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS report_configs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  unit_id INTEGER,
  area TEXT,
  policy_id INTEGER REFERENCES policies (id) ON DELETE CASCADE,
  weekday INTEGER NOT NULL,
  time TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  recipients TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL DEFAULT 1,
  next_run_at TEXT NOT NULL,
  last_run_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS report_configs_due ON report_configs (next_run_at) WHERE enabled = 1;

CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  config_id INTEGER REFERENCES report_configs (id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  body TEXT NOT NULL,
  pdf BLOB,
  mailed_to TEXT NOT NULL DEFAULT '[]',
  mail_error TEXT
);
CREATE INDEX IF NOT EXISTS reports_config ON reports (config_id, id);
`),
};

/**
 * A scheduled report carries its slot (the run time it was made for), unique per
 * configuration: a slot taken twice (two processes, a retried run) archives one report.
 */
export const reportSlotsMigration: Migration = {
  name: 'the schedule slot of archived reports',
  up: (db) => {
    const columns = db.prepare('PRAGMA table_info(reports)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'slot'))
      db.exec('ALTER TABLE reports ADD COLUMN slot TEXT');
    db.exec(
      'CREATE UNIQUE INDEX IF NOT EXISTS reports_slot ON reports (config_id, slot) WHERE slot IS NOT NULL',
    );
  },
};
