// Ranked rows as buttons with proportional bars: keyboard-operable (Enter/Space) by nature.
import type { ComponentChildren } from 'preact';
import type { CountRow } from '../../../src/http/api-types.js';
import { useApi } from '../app-context.js';
import { useLocale } from '../i18n/locale.js';
import { MERGED_GROUPS_KEY, mergedGroupsText, useMinGroupSize } from '../privacy/hidden-figures.js';

export interface BarListProps {
  title: string;
  rows: CountRow[];
  /** Which key is the active filter, to mark its row pressed. */
  selected?: string | undefined;
  onSelect?: (row: CountRow) => void;
  labelFor?: (row: CountRow) => string;
  /** Shown under the title (export buttons). */
  actions?: ComponentChildren;
  /**
   * The rows come from a breakdown under the small-group rule: its `other` row merges groups of
   * fewer than k people, is labelled so and is not a filter.
   */
  mergesSmallGroups?: boolean;
}

export function BarList({
  title,
  rows,
  selected,
  onSelect,
  labelFor,
  actions,
  mergesSmallGroups = false,
}: BarListProps) {
  const locale = useLocale();
  const minGroupSize = useMinGroupSize(useApi());
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <section class="panel" aria-label={title}>
      <h3>{title}</h3>
      {actions}
      {rows.length === 0 ? (
        <p class="muted">{locale.t('noData')}</p>
      ) : (
        <ul class="bar-list">
          {rows.map((row) => {
            const merged = mergesSmallGroups && row.key === MERGED_GROUPS_KEY;
            const label = merged
              ? mergedGroupsText(locale.lang, minGroupSize)
              : labelFor
                ? labelFor(row)
                : (row.label ?? row.key);
            return (
              <li key={row.key}>
                <button
                  type="button"
                  class="bar-row"
                  data-key={row.key}
                  aria-pressed={selected === row.key}
                  data-merged={merged || undefined}
                  disabled={merged && onSelect !== undefined}
                  onClick={() => onSelect?.(row)}
                  aria-label={`${label}: ${locale.t('mentionsCount', { n: locale.number(row.count) })}`}
                >
                  <span class="bar-label">{label}</span>
                  <span class="bar-count">{locale.number(row.count)}</span>
                  <span
                    class="bar"
                    style={{ width: `${(row.count / max) * 100}%` }}
                    aria-hidden="true"
                  />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
