// Small-group suppression of report figures: a figure drawn from fewer than
// MIN_DISTINCT_AUTHORS distinct authors is withheld, so that no report lets a reader single
// out the few people behind it. The one place reports decide this; installation-wide
// suppression rules, once they exist, replace the body of `isSuppressed`.

export const MIN_DISTINCT_AUTHORS = 10;

export interface Suppression {
  suppressed: true;
  reason: string;
}

/** Whether a figure from `distinctAuthors` authors must be withheld. */
export function isSuppressed(distinctAuthors: number): boolean {
  return distinctAuthors < MIN_DISTINCT_AUTHORS;
}

export function suppressionNote(distinctAuthors: number): Suppression {
  return {
    suppressed: true,
    reason: `fewer than ${MIN_DISTINCT_AUTHORS} distinct authors (${distinctAuthors})`,
  };
}
