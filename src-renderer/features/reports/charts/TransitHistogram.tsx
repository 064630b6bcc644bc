import type { TransitDistribution } from '../../../../src-shared/api';
import { carrierColor } from './palette';
import { Legend } from './TrendChart';
import { carrierLabel } from '../../../../src-shared/domain/tracking/carriers';

const W = 460;
const H = 200;
const PAD = { left: 42, right: 10, top: 12, bottom: 36 };

/** Share of each carrier's deliveries by whole days in transit, side by side, so carriers of any size compare. */
export function TransitHistogram({ data }: { data: TransitDistribution }) {
  const carriers = data.carriers.filter((c) => c.total > 0);
  const shares = carriers.map((c) => c.counts.map((n) => n / c.total));
  const top = Math.max(0.05, ...shares.flat());
  const bins = data.binDays.length;
  const slot = (W - PAD.left - PAD.right) / bins;
  const bar = (slot * 0.8) / Math.max(1, carriers.length);
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const last = data.binDays.length - 1;
  return (
    <figure className="chart" data-testid="transit-histogram">
      <figcaption>Transit time distribution (share of deliveries by days from first scan)</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Transit time distribution">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(f * top)} y2={y(f * top)} className="grid-line" />
            <text x={PAD.left - 4} y={y(f * top) + 3} textAnchor="end" className="axis">
              {`${Math.round(f * top * 100)}%`}
            </text>
          </g>
        ))}
        {data.binDays.map((d, b) => (
          <text key={d} x={PAD.left + slot * b + slot / 2} y={H - PAD.bottom + 14} textAnchor="middle" className="axis">
            {b === last ? `${d}+` : d}
          </text>
        ))}
        <text x={(W + PAD.left) / 2} y={H - 6} textAnchor="middle" className="axis">
          days in transit
        </text>
        {carriers.map((c, ci) =>
          shares[ci].map((share, b) => (
            <rect
              key={`${c.carrier}-${b}`}
              x={PAD.left + slot * b + slot * 0.1 + bar * ci}
              width={bar}
              y={y(share)}
              height={y(0) - y(share)}
              fill={carrierColor(c.carrier)}
            >
              <title>{`${carrierLabel(c.carrier)} ${b === last ? `${b}+` : `${b}–${b + 1}`} days: ${c.counts[b]} of ${c.total} (${(share * 100).toFixed(1)}%)`}</title>
            </rect>
          )),
        )}
      </svg>
      <Legend names={carriers.map((c) => carrierLabel(c.carrier))} />
    </figure>
  );
}
