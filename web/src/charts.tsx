/** Chart building blocks on Recharts, with the console's palette and accessible names. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Severity } from './types.js';
import { isWall } from './format.js';

/** Colours of severities, also used by badges (see styles.css). */
export const SEVERITY_COLOR: Record<Severity, string> = {
  low: '#7aa7d9',
  medium: '#e6c34d',
  high: '#f08a3c',
  critical: '#ff5d6c',
};

/** A categorical palette distinguishable on a dark background. */
export const PALETTE = [
  '#5fb3f9',
  '#7ed58f',
  '#f2b84b',
  '#d58ff2',
  '#ff7f7f',
  '#5fd6cf',
  '#c9c9c9',
  '#f5a3c7',
];

/** Axis ticks; their font size comes from styles.css so wall mode can enlarge them. */
export const AXIS = { stroke: '#9aa7b8', fill: '#c3cedb' } as const;
/** Tooltip colours matching the dark theme. */
export const TOOLTIP = {
  contentStyle: { background: '#101823', border: '1px solid #3a4a60', color: '#e8eef6' },
  itemStyle: { color: '#e8eef6' },
  labelStyle: { color: '#e8eef6' },
} as const;

/** One bar. */
export interface Datum {
  name: string;
  value: number;
}

/**
 * Horizontal bars of counts by name. The chart is an image for screen readers; `summary` gives the same numbers
 * as text.
 */
export function CountBars({ data, title, color }: { data: readonly Datum[]; title: string; color?: string }) {
  const height = Math.max(120, data.length * 34 + 30) * (isWall() ? 1.5 : 1);
  const summary = data.map((d) => `${d.name}: ${d.value}`).join(', ');
  return (
    <figure className="chart" role="img" aria-label={`${title}. ${summary}`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={[...data]} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
          <CartesianGrid stroke="#26344a" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} stroke={AXIS.stroke} />
          <YAxis
            type="category"
            dataKey="name"
            width={isWall() ? 220 : 140}
            tick={AXIS}
            stroke={AXIS.stroke}
          />
          <Tooltip cursor={{ fill: '#1c2838' }} {...TOOLTIP} />
          <Bar dataKey="value" name="count" fill={color ?? PALETTE[0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Bucket sizes a time axis may use, smallest first. */
const STEPS_MS = [1, 5, 15, 60, 180, 360, 720, 1440, 10_080].map((m) => m * 60_000);

/** Bucket size for a span of time: the smallest step that keeps the chart to about 48 bars. */
export function bucketMs(spanMs: number): number {
  return STEPS_MS.find((s) => spanMs / s <= 48) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

/** Formatter of bucket start times: dates for day buckets, dates and times otherwise. */
export function bucketLabel(stepMs: number): (t: number) => string {
  const fmt = new Intl.DateTimeFormat(
    undefined,
    stepMs >= 86_400_000
      ? { month: 'short', day: '2-digit' }
      : { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  );
  return (t) => fmt.format(t);
}
