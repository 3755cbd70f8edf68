// Ranked rows as buttons with proportional bars: keyboard-operable (Enter/Space) by nature.
import type { ComponentChildren } from 'preact';
import type { CountRow } from '../../../src/http/api-types.js';
import { useLocale } from '../i18n/locale.js';

export interface BarListProps {
  title: string;
  rows: CountRow[];
  /** Which key is the active filter, to mark its row pressed. */
  selected?: string | undefined;
  onSelect?: (row: CountRow) => void;
  labelFor?: (row: CountRow) => string;
  /** Shown under the title (export buttons). */
  actions?: ComponentChildren;
}

export function BarList({ title, rows, selected, onSelect, labelFor, actions }: BarListProps) {
  const locale = useLocale();
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
            const label = labelFor ? labelFor(row) : (row.label ?? row.key);
            return (
              <li key={row.key}>
                <button
                  type="button"
                  class="bar-row"
                  data-key={row.key}
                  aria-pressed={selected === row.key}
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
