import { ChartFrame } from './chart-frame.js'
import { ACTUAL, INK, PACE, TRACK } from './palette.js'
import { px } from './scale.js'

export interface ProgressBarProps {
  id: string
  value: number
  max: number
  /** The headline, e.g. "今年甬舟共享 120 / 500 台次": the SVG's <title>, and drawn above the bar unless `showLabel` is false. */
  label: string
  /** false when the page shows the headline as HTML text already (readable at any width). */
  showLabel?: boolean
  /** Where the target pace stands today (optional): drawn as a dashed marker with its own text. */
  pace?: { value: number; label: string }
  /** The accessible description, e.g. "完成 24%，按进度应达 83 台次". */
  desc: string
}

const WIDTH = 640
const BAR_Y = 34
const BAR_H = 24

/** The share of `value` in `max`, clamped to [0, 1]; a target of 0 counts as reached. */
export const progressShare = (value: number, max: number): number =>
  max <= 0 ? 1 : Math.max(0, Math.min(1, value / max))

/**
 * "今年甬舟共享 N / 500 台次": the headline as text, a filled bar, the percentage as text, and an
 * optional dashed pace marker — readable without colour.
 */
export function ProgressBar(props: ProgressBarProps) {
  const share = progressShare(props.value, props.max)
  const percent = Math.floor(share * 100)
  const filled = px(WIDTH * share)
  const paceX = props.pace ? px(WIDTH * progressShare(props.pace.value, props.max)) : null
  const height = props.pace ? 84 : 66
  return (
    <ChartFrame
      id={props.id}
      kind="progress"
      width={WIDTH}
      height={height}
      fontSize={16}
      title={props.label}
      desc={props.desc}
      data={{ value: String(props.value), max: String(props.max) }}
    >
      {props.showLabel === false ? null : (
        <text x="0" y="22" fill={INK} font-weight="bold" font-size="18">
          {props.label}
        </text>
      )}
      <text x={WIDTH} y="22" fill={INK} text-anchor="end">
        {`${percent}%`}
      </text>
      <rect x="0" y={BAR_Y} width={WIDTH} height={BAR_H} rx="4" fill={TRACK} stroke={INK} stroke-width="1" />
      <rect class="chart-progress-fill" x="0" y={BAR_Y} width={filled} height={BAR_H} rx="4" fill={ACTUAL} />
      {props.pace && paceX !== null && (
        <g class="chart-progress-pace">
          <line
            x1={paceX}
            y1={BAR_Y - 4}
            x2={paceX}
            y2={BAR_Y + BAR_H + 4}
            stroke={PACE}
            stroke-width="3"
            stroke-dasharray="4 3"
          />
          <text
            x={paceX}
            y={BAR_Y + BAR_H + 20}
            fill={PACE}
            font-size="13"
            text-anchor={paceX > WIDTH * 0.8 ? 'end' : paceX < WIDTH * 0.2 ? 'start' : 'middle'}
          >
            {props.pace.label}
          </text>
        </g>
      )}
    </ChartFrame>
  )
}
