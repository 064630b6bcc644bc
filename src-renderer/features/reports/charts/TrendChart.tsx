import { carrierColor } from './palette';

export interface TrendSeries {
  name: string;
  /** One value per x label; null where the series has no figure (no deliveries that week). */
  values: (number | null)[];
}

interface Props {
  title: string;
  xLabels: string[];
  series: TrendSeries[];
  /** Fractions shown as percentages; the axis runs from 0 to at least this. */
  yMax: number;
  testId?: string;
}

const W = 460;
const H = 200;
const PAD = { left: 42, right: 10, top: 12, bottom: 36 };

/** Lines per carrier over ship weeks; a gap where a week has no figure rather than a drop to zero. */
export function TrendChart({ title, xLabels, series, yMax, testId }: Props) {
  const top = Math.max(yMax, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const x = (i: number) => PAD.left + (xLabels.length <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (xLabels.length - 1));
  const y = (v: number) => PAD.top + (1 - v / (top || 1)) * (H - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const segments = (values: (number | null)[]) => {
    const paths: string[] = [];
    let current = '';
    values.forEach((v, i) => {
      if (v === null) {
        if (current) paths.push(current);
        current = '';
      } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (current) paths.push(current);
    return paths;
  };
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid-line" />
            <text x={PAD.left - 4} y={y(t) + 3} textAnchor="end" className="axis">
              {`${Math.round(t * 100)}%`}
            </text>
          </g>
        ))}
        {xLabels.map((label, i) => (
          <text key={label} x={x(i)} y={H - PAD.bottom + 14} textAnchor="middle" className="axis">
            {label.slice(5)}
          </text>
        ))}
        {series.map((s) => (
          <g key={s.name} stroke={carrierColor(s.name)} fill={carrierColor(s.name)}>
            {segments(s.values).map((d) => (
              <path key={d} d={d} fill="none" strokeWidth={2} />
            ))}
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={x(i)} cy={y(v)} r={2.5}>
                  <title>{`${s.name} ${xLabels[i]}: ${(v * 100).toFixed(1)}%`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

export function Legend({ names }: { names: string[] }) {
  return (
    <ul className="legend">
      {names.map((name) => (
        <li key={name}>
          <span className="swatch" style={{ background: carrierColor(name) }} />
          {name}
        </li>
      ))}
    </ul>
  );
}
