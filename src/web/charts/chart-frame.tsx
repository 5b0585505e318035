import type { Child } from 'hono/jsx'
import { FONT, GRID, INK } from './palette.js'

export interface ChartFrameProps {
  /** Unique on the page: the ids of <title>, <desc> and patterns derive from it. */
  id: string
  /** The chart's kind, as a class `chart-<kind>`. */
  kind: string
  width: number
  height: number
  fontSize: number
  title: string
  desc: string
  /** `data-*` attributes for tests and scripts, e.g. { value: '120' }. */
  data?: Record<string, string>
  children?: Child
}

/**
 * The accessible SVG every chart is drawn in: scales to its container, announced as one image
 * by its <title> and <desc>, so that a screen reader hears the figures, not the shapes.
 */
export function ChartFrame(props: ChartFrameProps) {
  const titleId = `${props.id}-title`
  const descId = `${props.id}-desc`
  const data = Object.fromEntries(Object.entries(props.data ?? {}).map(([key, value]) => [`data-${key}`, value]))
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${props.width} ${props.height}`}
      width="100%"
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      class={`chart chart-${props.kind}`}
      font-family={FONT}
      font-size={String(props.fontSize)}
      {...data}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.desc}</desc>
      {props.children}
    </svg>
  )
}

/** Diagonal hatching in `color`: the second series differs by texture, not by colour alone. */
export const hatchId = (chartId: string) => `${chartId}-hatch`

export function Hatch({ chartId, color }: { chartId: string; color: string }) {
  return (
    <defs>
      <pattern id={hatchId(chartId)} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#ffffff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke={color} stroke-width="4" />
      </pattern>
    </defs>
  )
}

/** Horizontal grid lines at `ticks`, each labelled at the left margin (`y` maps a value to its pixel row). */
export function YGrid(props: {
  ticks: readonly number[]
  y: (value: number) => number
  left: number
  width: number
  format: (n: number) => string
}) {
  return (
    <>
      {props.ticks.map((t) => (
        <g>
          <line
            x1={props.left}
            y1={props.y(t)}
            x2={props.left + props.width}
            y2={props.y(t)}
            stroke={GRID}
            stroke-width="1"
          />
          <text x={props.left - 6} y={props.y(t) + 4} text-anchor="end" fill={INK}>
            {props.format(t)}
          </text>
        </g>
      ))}
    </>
  )
}
