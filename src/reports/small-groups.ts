// Small-group suppression of report figures: a figure drawn from fewer than k distinct
// authors is withheld, so that no report lets a reader single out the few people behind it.
// k is the installation's (src/privacy, config privacy.minGroupSize), read through the report
// deps; MIN_DISTINCT_AUTHORS where none is given. The one place reports decide this.

export const MIN_DISTINCT_AUTHORS = 10;

/** Whether a figure from `distinctAuthors` authors must be withheld. */
export function isSuppressed(distinctAuthors: number, k = MIN_DISTINCT_AUTHORS): boolean {
  return distinctAuthors < k;
}
