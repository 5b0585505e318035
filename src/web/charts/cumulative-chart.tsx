import { ChartFrame, YGrid } from './chart-frame.js'
import { ACTUAL, formatCount, INK, PACE } from './palette.js'
import { axisTicks, cumulative, px } from './scale.js'

export interface CumulativeChartProps {
  /** Prefix of the element ids (title, desc), unique on the page. */
  id: string
  /** Twelve monthly counts, January first. */
  monthly: readonly number[]
  /** The yearly target: the pace line runs from 0 in January to `target` at the end of December. */
  target: number
  /**
   * How many months of the actual line to draw: 12 for a past year, the current month for this
   * year (its running total so far), 0 for a future year.
   */
  throughMonth: number
  /** Twelve short month names, January first. */
  monthLabels: readonly string[]
  /** Already translated text: the accessible title and description, and the two series' names. */
  text: { title: string; desc: string; actual: string; pace: string }
  format?: (n: number) => string
}

const WIDTH = 640
const HEIGHT = 320
const MARGIN = { top: 36, right: 132, bottom: 40, left: 52 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom

/** The pace line's value at the end of month `m` (0..12): an even share of the target per month. */
export const paceAt = (target: number, month: number): number => (target * month) / 12

/**
 * Cumulative uses by month against the target pace, as an accessible SVG: <title> and <desc>,
 * the actual line solid with a marker per month, the pace line dashed, both labelled in text at
 * their ends and in a legend, every point carrying its value in a <title> tooltip.
 */
export function CumulativeChart(props: CumulativeChartProps) {
  const format = props.format ?? formatCount
  const through = Math.max(0, Math.min(12, Math.floor(props.throughMonth)))
  const running = [0, ...cumulative(props.monthly.slice(0, 12))]
  const shown = running.slice(0, through + 1)
  const actualEnd = shown.at(-1) ?? 0
  const ticks = axisTicks(Math.max(props.target, running[12] ?? 0, 1))
  const top = ticks.at(-1) ?? 1
  const x = (month: number) => px(MARGIN.left + (PLOT_W * month) / 12)
  const y = (value: number) => px(MARGIN.top + PLOT_H - (PLOT_H * value) / top)
  const actualPoints = shown.map((v, m) => `${x(m)},${y(v)}`).join(' ')
  return (
    <ChartFrame
      id={props.id}
      kind="cumulative"
      width={WIDTH}
      height={HEIGHT}
      fontSize={12}
      title={props.text.title}
      desc={props.text.desc}
    >
      <g class="chart-legend" fill={INK}>
        <line x1={MARGIN.left} y1="14" x2={MARGIN.left + 28} y2="14" stroke={ACTUAL} stroke-width="3" />
        <text x={MARGIN.left + 34} y="18">
          {props.text.actual}
        </text>
        <line
          x1={MARGIN.left + 180}
          y1="14"
          x2={MARGIN.left + 208}
          y2="14"
          stroke={PACE}
          stroke-width="2"
          stroke-dasharray="6 4"
        />
        <text x={MARGIN.left + 214} y="18">
          {props.text.pace}
        </text>
      </g>
      <g class="chart-grid">
        <YGrid ticks={ticks} y={y} left={MARGIN.left} width={PLOT_W} format={format} />
        {props.monthLabels.slice(0, 12).map((label, i) => (
          <text x={x(i + 1)} y={MARGIN.top + PLOT_H + 18} text-anchor="middle" fill={INK}>
            {label}
          </text>
        ))}
      </g>
      <line
        class="chart-pace"
        data-series="pace"
        x1={x(0)}
        y1={y(0)}
        x2={x(12)}
        y2={y(paceAt(props.target, 12))}
        stroke={PACE}
        stroke-width="2"
        stroke-dasharray="6 4"
      />
      <text x={x(12) + 6} y={y(props.target) + 4} fill={PACE} font-weight="bold">
        {`${props.text.pace} ${format(props.target)}`}
      </text>
      {through > 0 && (
        <g class="chart-actual" data-series="actual">
          <polyline points={actualPoints} fill="none" stroke={ACTUAL} stroke-width="3" stroke-linejoin="round" />
          {shown.slice(1).map((v, i) => (
            <circle cx={x(i + 1)} cy={y(v)} r="4" fill={ACTUAL}>
              <title>{`${props.monthLabels[i] ?? i + 1}: ${format(v)}`}</title>
            </circle>
          ))}
          <text x={x(through) + 6} y={y(actualEnd) - 8} fill={ACTUAL} font-weight="bold">
            {`${props.text.actual} ${format(actualEnd)}`}
          </text>
        </g>
      )}
    </ChartFrame>
  )
}
