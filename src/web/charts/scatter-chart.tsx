import { ChartFrame, YGrid } from './chart-frame.js'
import { ACTUAL, GRID, INK, PACE } from './palette.js'
import { axisTicks, px } from './scale.js'

export interface ScatterPoint {
  x: number
  /** 0..1 */
  y: number
  /** Each point's <title>: what a pointer or a screen reader exploring the shapes hears. */
  label: string
  /** Drawn as a triangle in the second colour: differs by shape, not by colour alone. */
  marked: boolean
}

export interface ScatterChartProps {
  id: string
  points: readonly ScatterPoint[]
  /** A dashed vertical reference line (a mean), with its short label. */
  reference?: { x: number; label: string }
  text: { title: string; desc: string; xAxis: string; yAxis: string; marked: string; other: string }
  formatX: (n: number) => string
  formatY: (n: number) => string
}

const WIDTH = 640
const HEIGHT = 360
const MARGIN = { top: 40, right: 20, bottom: 48, left: 56 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1]

/** A triangle pointing up, centred on (x, y). */
const triangle = (x: number, y: number, r: number) =>
  `${px(x)},${px(y - r)} ${px(x + r * 0.87)},${px(y + r * 0.5)} ${px(x - r * 0.87)},${px(y + r * 0.5)}`

/**
 * Points on two axes (share rate against effective hours): a ratio from 0 to 1 up, a quantity across from 0. The
 * frame's <title> and <desc> say what the chart shows; the page puts a table of the same data beside it.
 */
export function ScatterChart(props: ScatterChartProps) {
  const maxX = Math.max(1, props.reference?.x ?? 0, ...props.points.map((p) => p.x))
  const xTicks = axisTicks(maxX)
  const right = xTicks.at(-1) ?? 1
  const x = (value: number) => px(MARGIN.left + (PLOT_W * value) / right)
  const y = (value: number) => px(MARGIN.top + PLOT_H - PLOT_H * Math.min(1, Math.max(0, value)))
  const bottom = MARGIN.top + PLOT_H
  // marked points last, so that they stay visible where points crowd
  const ordered = [...props.points].sort((a, b) => Number(a.marked) - Number(b.marked))
  return (
    <ChartFrame
      id={props.id}
      kind="scatter"
      width={WIDTH}
      height={HEIGHT}
      fontSize={12}
      title={props.text.title}
      desc={props.text.desc}
      data={{ points: String(props.points.length) }}
    >
      <g class="chart-legend" fill={INK}>
        <circle cx={MARGIN.left + 7} cy="14" r="5" fill={ACTUAL} fill-opacity="0.75" />
        <text x={MARGIN.left + 18} y="18">
          {props.text.other}
        </text>
        <polygon points={triangle(MARGIN.left + 247, 14, 7)} fill={PACE} />
        <text x={MARGIN.left + 258} y="18">
          {props.text.marked}
        </text>
      </g>
      <g class="chart-grid">
        <YGrid ticks={Y_TICKS} y={y} left={MARGIN.left} width={PLOT_W} format={props.formatY} />
        {xTicks.map((t) => (
          <g>
            <line x1={x(t)} y1={bottom} x2={x(t)} y2={bottom + 4} stroke={INK} stroke-width="1" />
            <text x={x(t)} y={bottom + 16} text-anchor="middle" fill={INK}>
              {props.formatX(t)}
            </text>
          </g>
        ))}
        <line x1={MARGIN.left} y1={bottom} x2={MARGIN.left + PLOT_W} y2={bottom} stroke={INK} stroke-width="1" />
        <text x={MARGIN.left + PLOT_W / 2} y={HEIGHT - 6} text-anchor="middle" fill={INK}>
          {props.text.xAxis}
        </text>
        <text
          x="14"
          y={MARGIN.top + PLOT_H / 2}
          text-anchor="middle"
          fill={INK}
          transform={`rotate(-90 14 ${MARGIN.top + PLOT_H / 2})`}
        >
          {props.text.yAxis}
        </text>
      </g>
      {props.reference ? (
        <g class="chart-reference">
          <line
            x1={x(props.reference.x)}
            y1={MARGIN.top}
            x2={x(props.reference.x)}
            y2={bottom}
            stroke={PACE}
            stroke-width="1.5"
            stroke-dasharray="6 4"
          />
          <text
            x={x(props.reference.x) + (x(props.reference.x) > MARGIN.left + PLOT_W - 90 ? -4 : 4)}
            y={MARGIN.top + 12}
            text-anchor={x(props.reference.x) > MARGIN.left + PLOT_W - 90 ? 'end' : 'start'}
            fill={PACE}
          >
            {props.reference.label}
          </text>
        </g>
      ) : null}
      <g class="chart-points">
        {ordered.map((p) =>
          p.marked ? (
            <polygon class="chart-point marked" points={triangle(x(p.x), y(p.y), 7)} fill={PACE} stroke="#ffffff">
              <title>{p.label}</title>
            </polygon>
          ) : (
            <circle
              class="chart-point"
              cx={x(p.x)}
              cy={y(p.y)}
              r="5"
              fill={ACTUAL}
              fill-opacity="0.75"
              stroke="#ffffff"
            >
              <title>{p.label}</title>
            </circle>
          ),
        )}
      </g>
      <line x1={MARGIN.left} y1={MARGIN.top} x2={MARGIN.left} y2={bottom} stroke={GRID} stroke-width="1" />
    </ChartFrame>
  )
}
