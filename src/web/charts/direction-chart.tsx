import { ACTUAL, FONT, formatCount, INK, SECOND, TRACK } from './palette.js'
import { px } from './scale.js'

export interface DirectionRow {
  /** e.g. "宁波 → 舟山": the researchers' city, then the instruments' city. */
  label: string
  value: number
}

export interface DirectionChartProps {
  id: string
  rows: readonly DirectionRow[]
  text: { title: string; desc: string }
  format?: (n: number) => string
}

const WIDTH = 640
const ROW_H = 44
const LABEL_W = 150
const VALUE_W = 70

/** Horizontal bars comparing the directions (宁波→舟山, 舟山→宁波): each labelled with its name and count. */
export function DirectionChart(props: DirectionChartProps) {
  const format = props.format ?? formatCount
  const max = Math.max(1, ...props.rows.map((r) => r.value))
  const plotW = WIDTH - LABEL_W - VALUE_W
  const height = Math.max(1, props.rows.length) * ROW_H + 8
  const titleId = `${props.id}-title`
  const descId = `${props.id}-desc`
  const hatchId = `${props.id}-hatch`
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      class="chart chart-directions"
      font-family={FONT}
      font-size="14"
    >
      <title id={titleId}>{props.text.title}</title>
      <desc id={descId}>{props.text.desc}</desc>
      <defs>
        <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={SECOND} stroke-width="4" />
        </pattern>
      </defs>
      {props.rows.map((row, i) => {
        const top = 4 + i * ROW_H
        const width = px((plotW * Math.max(0, row.value)) / max)
        return (
          <g class="chart-direction" data-value={String(row.value)}>
            <text x={LABEL_W - 10} y={top + ROW_H / 2 + 5} text-anchor="end" fill={INK}>
              {row.label}
            </text>
            <rect x={LABEL_W} y={top + 8} width={plotW} height={ROW_H - 16} fill={TRACK} />
            <rect
              x={LABEL_W}
              y={top + 8}
              width={width}
              height={ROW_H - 16}
              fill={i % 2 === 0 ? ACTUAL : `url(#${hatchId})`}
              stroke={i % 2 === 0 ? ACTUAL : SECOND}
              stroke-width="1"
            >
              <title>{`${row.label}: ${format(row.value)}`}</title>
            </rect>
            <text x={LABEL_W + plotW + 8} y={top + ROW_H / 2 + 5} fill={INK} font-weight="bold">
              {format(row.value)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
