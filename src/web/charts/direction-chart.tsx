import { ChartFrame, Hatch, hatchId } from './chart-frame.js'
import { ACTUAL, formatCount, INK, SECOND, TRACK } from './palette.js'
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
  return (
    <ChartFrame
      id={props.id}
      kind="directions"
      width={WIDTH}
      height={height}
      fontSize={14}
      title={props.text.title}
      desc={props.text.desc}
    >
      <Hatch chartId={props.id} color={SECOND} />
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
              fill={i % 2 === 0 ? ACTUAL : `url(#${hatchId(props.id)})`}
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
    </ChartFrame>
  )
}
