import { magnitude } from "./format";

/**
 * Charts drawn by the page as SVG: bars only, with every label and figure as HTML text beside
 * them (the SVG is decoration for the eye; screen readers and axe read the text). No library:
 * two components cover the page, and the CSP forbids inline styles, so sizes are SVG attributes.
 */

export interface Bar {
  key: string;
  label: string;
  /** An exact decimal string; sizes the bar. */
  value: string;
  /** The figure as shown beside the bar. */
  shown: string;
}

/** Horizontal bars, scaled to the largest value of the chart. */
export function BarChart({ caption, bars }: { caption: string; bars: Bar[] }) {
  const largest = Math.max(...bars.map((bar) => magnitude(bar.value)), 0);
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <ul class="bars">
        {bars.map((bar) => (
          <li key={bar.key}>
            <span class="bar-label">{bar.label}</span>
            <svg class="bar" aria-hidden="true" focusable="false" width="100%" height="14">
              <rect width={`${largest === 0 ? 0 : (100 * magnitude(bar.value)) / largest}%`} height="14" />
            </svg>
            <span class="bar-value">{bar.shown}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export interface Segment {
  key: string;
  count: number;
}

/** One bar split into segments (e.g. a signatory's measures by status), each with a class of its key. */
export function StackedBar({ segments }: { segments: Segment[] }) {
  const total = segments.reduce((sum, segment) => sum + segment.count, 0);
  let offset = 0;
  return (
    <svg class="stacked" aria-hidden="true" focusable="false" width="100%" height="16">
      {segments
        .filter((segment) => segment.count > 0)
        .map((segment) => {
          const x = offset;
          const width = total === 0 ? 0 : (100 * segment.count) / total;
          offset += width;
          return <rect key={segment.key} class={`status-${segment.key}`} x={`${x}%`} width={`${width}%`} height="16" />;
        })}
    </svg>
  );
}
