// Figures the server hides under the small-group rule arrive as null: they are shown as "fewer
// than k people", never as a gap or a zero. k comes from GET /api/privacy.
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import type { Lang } from '../i18n/locale.js';

/** The text standing for a hidden figure; k unknown yet reads as "too few people". */
export function hiddenFigureText(lang: Lang, k: number | null): string {
  if (lang === 'vi') return k === null ? 'quá ít người' : `dưới ${k} người`;
  return k === null ? 'too few people' : `fewer than ${k} people`;
}

/** The row that merges groups of fewer than k people (the API's `other` key). */
export const MERGED_GROUPS_KEY = 'other';

/** The label of that merged row. */
export function mergedGroupsText(lang: Lang, k: number | null): string {
  if (lang === 'vi')
    return k === null ? 'Khác (các nhóm quá ít người)' : `Khác (mỗi nhóm dưới ${k} người)`;
  return k === null
    ? 'Other (groups of too few people)'
    : `Other (groups of fewer than ${k} people each)`;
}

/** A count as shown: the formatted number, or the hidden-figure text for null. */
export function countOrHidden(
  value: number | null | undefined,
  format: (n: number) => string,
  lang: Lang,
  k: number | null,
): string {
  return value === null || value === undefined ? hiddenFigureText(lang, k) : format(value);
}

let cached: Promise<number | null> | null = null;

/** The installation's k, asked once per page load. */
export function useMinGroupSize(api: ApiClient): number | null {
  const [k, setK] = useState<number | null>(null);
  useEffect(() => {
    cached ??= api
      .request<{ minGroupSize: number }>('GET', '/api/privacy')
      .then((rule) => rule.minGroupSize)
      .catch(() => {
        cached = null;
        return null;
      });
    let live = true;
    void cached.then((value) => {
      if (live) setK(value);
    });
    return () => {
      live = false;
    };
  }, [api]);
  return k;
}
