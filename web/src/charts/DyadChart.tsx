/**
 * Cooperation and conflict between two actors over time, drawn by hand in SVG: per period a bar of its events
 * stacked by quad class (cooperation green below, conflict red above) and a line through the period's mean
 * Goldstein score on its own scale (−10..+10, right axis). Each period with events is a button: it selects the
 * period so the page can list its events.
 */
import type { KeyboardEvent } from 'react';
import { formatDate } from '../stories/format.js';
import { formatGoldstein } from './graphLayout.js';
import { QUAD_NAMES, type DyadPeriod } from './types.js';

const MARGIN = { top: 14, right: 48, bottom: 64, left: 48 };
const PLOT_HEIGHT = 240;
const MIN_BAND = 22;
const MIN_PLOT_WIDTH = 640;

/** Round steps (1, 2, 5 × 10ⁿ) so that about five ticks cover 0..max. */
export function countTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  const stepWhole = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let t = 0; t < max + stepWhole; t += stepWhole) ticks.push(t);
  return ticks;
}

export function periodLabel(period: string, interval: string): string {
  if (interval === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(period)) return formatDate(period).replace(/ \d{4}$/, '');
  return formatDate(period);
}

/** "Jun 2018: 12 events (8 cooperation, 4 conflict), mean Goldstein +2.5". */
export function describePeriod(item: DyadPeriod, interval: string): string {
  const [q1, q2, q3, q4] = item.quadClasses;
  return `${periodLabel(item.period, interval)}: ${item.events} event${item.events === 1 ? '' : 's'} (${q1 + q2} cooperation, ${q3 + q4} conflict), mean Goldstein ${formatGoldstein(item.goldstein)}`;
}

export function DyadChart({
  items,
  interval,
  selected,
  onSelect,
  label,
}: {
  items: DyadPeriod[];
  interval: string;
  selected: string | null;
  onSelect: (period: string) => void;
  label: string;
}) {
  const n = Math.max(1, items.length);
  const plotWidth = Math.max(MIN_PLOT_WIDTH, n * MIN_BAND);
  const width = plotWidth + MARGIN.left + MARGIN.right;
  const height = PLOT_HEIGHT + MARGIN.top + MARGIN.bottom;
  const band = plotWidth / n;
  const barWidth = Math.max(4, Math.min(48, band * 0.7));
  const maxEvents = Math.max(1, ...items.map((i) => i.events));
  const ticks = countTicks(maxEvents);
  const top = ticks[ticks.length - 1]!;
  const yCount = (count: number) => MARGIN.top + PLOT_HEIGHT - (count / top) * PLOT_HEIGHT;
  const yGoldstein = (g: number) => MARGIN.top + ((10 - g) / 20) * PLOT_HEIGHT;
  const xCentre = (i: number) => MARGIN.left + band * (i + 0.5);
  // Label every k-th period so labels never overlap.
  const labelEvery = Math.max(1, Math.ceil(n / Math.floor(plotWidth / 56)));

  // The Goldstein line breaks where a period has no events (and so no mean).
  let line = '';
  let drawing = false;
  items.forEach((item, i) => {
    if (item.goldstein === null) {
      drawing = false;
      return;
    }
    line += `${drawing ? 'L' : 'M'}${xCentre(i).toFixed(1)},${yGoldstein(item.goldstein).toFixed(1)} `;
    drawing = true;
  });

  const onKey = (event: KeyboardEvent, period: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(period);
    }
  };

  return (
    <div className="chart-scroll">
      <svg
        className="dyad-chart"
        viewBox={`0 0 ${width} ${height}`}
        style={{ minWidth: plotWidth > MIN_PLOT_WIDTH ? `${width}px` : undefined }}
        role="group"
        aria-label={label}
      >
        {/* Count axis (left) with grid lines. */}
        <g className="axis" aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line className="grid" x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={yCount(t)} y2={yCount(t)} />
              <text x={MARGIN.left - 6} y={yCount(t) + 4} textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          <text className="axis-title" transform={`translate(12 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)`} textAnchor="middle">
            Events
          </text>
          {/* Goldstein axis (right). */}
          {[-10, -5, 0, 5, 10].map((g) => (
            <text key={g} x={MARGIN.left + plotWidth + 6} y={yGoldstein(g) + 4} className="goldstein-tick">
              {g > 0 ? `+${g}` : g}
            </text>
          ))}
          <line className="zero" x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={yGoldstein(0)} y2={yGoldstein(0)} />
          <text className="axis-title" transform={`translate(${width - 8} ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(90)`} textAnchor="middle">
            Mean Goldstein
          </text>
          <line className="baseline" x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={yCount(0)} y2={yCount(0)} />
        </g>

        {items.map((item, i) => {
          const x = xCentre(i) - barWidth / 2;
          let stackTop = yCount(0);
          const segments = item.quadClasses.map((count, quad) => {
            const h = (count / top) * PLOT_HEIGHT;
            stackTop -= h;
            return count > 0 ? <rect key={quad} className={`quad-bar quad-fill-${quad + 1}`} x={x} y={stackTop} width={barWidth} height={h} /> : null;
          });
          const showLabel = i % labelEvery === 0;
          const tick = showLabel ? (
            <text
              className="period-label"
              aria-hidden="true"
              transform={`translate(${xCentre(i)} ${MARGIN.top + PLOT_HEIGHT + 12}) rotate(-40)`}
              textAnchor="end"
            >
              {periodLabel(item.period, interval)}
            </text>
          ) : null;
          if (item.events === 0) return <g key={item.period}>{tick}</g>;
          const isSelected = item.period === selected;
          return (
            <g
              key={item.period}
              className={`chart-period${isSelected ? ' selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={describePeriod(item, interval)}
              data-events={item.events}
              onClick={() => onSelect(item.period)}
              onKeyDown={(event) => onKey(event, item.period)}
            >
              <rect className="hit" x={xCentre(i) - band / 2} y={MARGIN.top} width={band} height={PLOT_HEIGHT} />
              {segments}
              {tick}
            </g>
          );
        })}

        <g aria-hidden="true" className="goldstein-line">
          <path d={line} fill="none" />
          {items.map((item, i) => (item.goldstein === null ? null : <circle key={item.period} cx={xCentre(i)} cy={yGoldstein(item.goldstein)} r={3.5} />))}
        </g>
      </svg>
      <ul className="chart-legend" aria-label="Legend">
        {QUAD_NAMES.map((name, quad) => (
          <li key={name}>
            <span className={`legend-swatch quad-fill-${quad + 1}`} aria-hidden="true" /> {name} (quad class {quad + 1})
          </li>
        ))}
        <li>
          <span className="legend-swatch goldstein-swatch" aria-hidden="true" /> mean Goldstein score (right axis, −10 conflict to +10 cooperation)
        </li>
      </ul>
    </div>
  );
}
