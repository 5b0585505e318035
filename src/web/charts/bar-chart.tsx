import { ChartFrame, Hatch, hatchId, YGrid } from './chart-frame.js'
import { ACTUAL, formatCount, INK, SECOND } from './palette.js'
import { axisTicks, px } from './scale.js'

export interface BarSeries {
  /** The series' name, shown in the legend. */
  name: string
  /** One value per category. */
  values: readonly number[]
}

export interface BarChartProps {
  id: string
  /** The categories along the x axis, e.g. twelve month names. */
  labels: readonly string[]
  /** One or two series; the second is drawn hatched so that it differs by more than colour. */
  series: readonly BarSeries[]
  text: { title: string; desc: string }
  format?: (n: number) => string
}

const WIDTH = 640
const HEIGHT = 300
const MARGIN = { top: 36, right: 16, bottom: 40, left: 52 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom
const FILLS = [ACTUAL, SECOND]

/** Grouped vertical bars (monthly uses): every non-zero bar carries its value as text and a <title>. */
export function BarChart(props: BarChartProps) {
  const format = props.format ?? formatCount
  const series = props.series.slice(0, 2)
  const max = Math.max(1, ...series.flatMap((s) => s.values))
  const ticks = axisTicks(max)
  const top = ticks.at(-1) ?? 1
  const y = (value: number) => px(MARGIN.top + PLOT_H - (PLOT_H * value) / top)
  const band = PLOT_W / Math.max(1, props.labels.length)
  const barW = (band * 0.7) / Math.max(1, series.length)
  const fillOf = (i: number) => (i === 0 ? FILLS[0] : `url(#${hatchId(props.id)})`)
  return (
    <ChartFrame
      id={props.id}
      kind="bars"
      width={WIDTH}
      height={HEIGHT}
      fontSize={12}
      title={props.text.title}
      desc={props.text.desc}
    >
      <Hatch chartId={props.id} color={SECOND} />
      <g class="chart-legend" fill={INK}>
        {series.map((s, i) => (
          <g>
            <rect
              x={MARGIN.left + i * 180}
              y="6"
              width="14"
              height="14"
              fill={fillOf(i)}
              stroke={FILLS[i]}
              stroke-width="1"
            />
            <text x={MARGIN.left + i * 180 + 20} y="18">
              {s.name}
            </text>
          </g>
        ))}
      </g>
      <g class="chart-grid">
        <YGrid ticks={ticks} y={y} left={MARGIN.left} width={PLOT_W} format={format} />
      </g>
      {props.labels.map((label, c) => {
        const left = MARGIN.left + band * c + band * 0.15
        return (
          <g class="chart-band">
            {series.map((s, i) => {
              const value = s.values[c] ?? 0
              const bx = px(left + barW * i)
              return (
                <g data-series={String(i)}>
                  <rect
                    class="chart-bar"
                    x={bx}
                    y={y(value)}
                    width={px(barW)}
                    height={px(MARGIN.top + PLOT_H - y(value))}
                    fill={fillOf(i)}
                    stroke={FILLS[i]}
                    stroke-width="1"
                  >
                    <title>{`${label} · ${s.name}: ${format(value)}`}</title>
                  </rect>
                  {value > 0 && (
                    <text x={px(bx + barW / 2)} y={y(value) - 3} text-anchor="middle" font-size="10" fill={INK}>
                      {format(value)}
                    </text>
                  )}
                </g>
              )
            })}
            <text
              x={px(MARGIN.left + band * c + band / 2)}
              y={MARGIN.top + PLOT_H + 18}
              text-anchor="middle"
              fill={INK}
            >
              {label}
            </text>
          </g>
        )
      })}
    </ChartFrame>
  )
}
