// Small-group suppression of report figures by the rule of the analytics routes: a figure
// drawn from fewer than k distinct persons is withheld, one from outlets, pages and channels
// alone (no person) is shown. Persons are counted as src/privacy counts them, through its
// public functions (protectCount over a filter, protectCountedRows over per-issue counts); k
// is the installation's (config privacy.minGroupSize). The one place reports decide this.
import { protectCount, protectCountedRows, type SmallGroupRule } from '../privacy/small-groups.js';
import type { MentionFilter } from '../store/listening-store.js';

/** Whether the figure of these mentions (a topic's window or day) must be withheld. */
export async function isWithheld(
  rule: SmallGroupRule,
  filter: MentionFilter,
  mentions: number,
): Promise<boolean> {
  return (await protectCount(rule, filter, mentions)) === null;
}

/** The issues that may be shown: those from no person or from at least k persons. */
export function shownIssues<I>(
  rule: SmallGroupRule,
  issues: I[],
  persons: (issue: I) => number,
): { shown: I[]; withheld: number } {
  const rows = issues.map((issue, id) => ({ id, issue }));
  const counted = new Map(rows.map((row) => [row.id, persons(row.issue)]));
  const kept = protectCountedRows(rule, rows, counted);
  return { shown: kept.rows.map((row) => row.issue), withheld: kept.suppressed };
}
