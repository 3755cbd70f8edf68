// Daily mentions as columns with the corrected negative share as a line (and its interval as
// a band), a dashed mark on the promulgation day: drawn as SVG, no chart library needed.
import type { TrajectoryDay } from '../../../src/reports/policy/assess-policy.js';

const W = 640;
const H = 200;
const PAD = 28;

export function BeforeAfterChart({ days, label }: { days: TrajectoryDay[]; label: string }) {
  const n = Math.max(1, days.length);
  const step = (W - 2 * PAD) / n;
  const max = Math.max(1, ...days.map((d) => d.mentions ?? 0));
  const y = (share: number) => H - PAD - share * (H - 2 * PAD);
  const x = (i: number) => PAD + i * step + step / 2;
  const marker = days.findIndex((d) => d.side === 'after');
  const line = days
    .map((d, i) => (d.negative === null ? null : `${x(i).toFixed(1)},${y(d.negative).toFixed(1)}`))
    .filter((p) => p !== null)
    .join(' ');
  return (
    <svg class="before-after-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      {days.map((d, i) => {
        // A withheld day (too few persons) draws no column and shows no count.
        const h = ((d.mentions ?? 0) / max) * (H - 2 * PAD);
        return (
          <rect
            key={d.day}
            class={`column ${d.side}`}
            x={PAD + i * step + step * 0.15}
            y={H - PAD - h}
            width={step * 0.7}
            height={h}
          >
            <title>{`${d.day}: ${d.mentions ?? '—'}`}</title>
          </rect>
        );
      })}
      {days.map((d, i) =>
        d.negativeInterval ? (
          <rect
            key={`band-${d.day}`}
            class="band"
            x={x(i) - step * 0.35}
            y={y(d.negativeInterval[1])}
            width={step * 0.7}
            height={Math.max(0.5, y(d.negativeInterval[0]) - y(d.negativeInterval[1]))}
          />
        ) : null,
      )}
      <polyline class="negative-line" points={line} />
      {marker >= 0 && (
        <line
          class="marker"
          x1={PAD + marker * step}
          x2={PAD + marker * step}
          y1={PAD / 2}
          y2={H - PAD}
        />
      )}
      <line class="axis" x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} />
      {days.map((d, i) =>
        i % Math.max(1, Math.ceil(n / 8)) === 0 ? (
          <text key={`label-${d.day}`} x={x(i)} y={H - PAD / 3} text-anchor="middle">
            {d.day.slice(5)}
          </text>
        ) : null,
      )}
    </svg>
  );
}
