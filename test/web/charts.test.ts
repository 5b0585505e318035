import { describe, expect, it } from 'vitest'
import {
  axisTicks,
  BarChart,
  CumulativeChart,
  cumulative,
  DirectionChart,
  niceStep,
  ProgressBar,
  paceAt,
  progressShare,
} from '../../src/web/charts/index.js'
import { type Html, html } from './html.js'

/** A chart component's SVG, parsed. */
const render = (node: unknown) => html(String(node))
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)

/** The points of the first <polyline> as [x, y] pairs. */
function polylinePoints(svg: Html): [number, number][] {
  const points = svg.select('polyline')[0]?.getAttribute('points')
  if (!points) return []
  return points.split(' ').map((p) => p.split(',').map(Number) as [number, number])
}

/** The words of every `<text>` of the chart. */
const texts = (svg: Html) => svg.select('text').map((t) => t.text)
/** The `<title>` of every mark (a bar, a point) of the chart, the chart's own title excepted. */
const markTitles = (svg: Html) => svg.select('title:not([id])').map((t) => t.text)

describe('scale', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [20, 20],
    [21, 25],
    [100, 100],
    [101, 200],
    [240, 250],
  ])('niceStep(%d) = %d', (raw, step) => {
    expect(niceStep(raw)).toBe(step)
  })

  it('ticks start at 0 and reach the maximum', () => {
    expect(axisTicks(500)).toEqual([0, 100, 200, 300, 400, 500])
    expect(axisTicks(0)).toEqual([0, 1])
    expect(axisTicks(7).at(-1)).toBeGreaterThanOrEqual(7)
  })

  it('cumulative sums in order', () => {
    expect(cumulative([1, 0, 2, 5])).toEqual([1, 1, 3, 8])
  })

  it('the pace is an even share of the target per month', () => {
    expect(paceAt(500, 0)).toBe(0)
    expect(paceAt(600, 3)).toBe(150)
    expect(paceAt(500, 12)).toBe(500)
  })
})

describe('CumulativeChart', () => {
  const props = {
    id: 'cum',
    monthly: [10, 20, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    target: 500,
    throughMonth: 3,
    monthLabels: MONTHS,
    text: { title: '累计甬舟共享', desc: '截至3月累计 60 台次', actual: '实际累计', pace: '目标进度' },
  }

  it('is an accessible image with title and description', () => {
    const svg = render(CumulativeChart(props))
    expect(svg.root.childNodes.filter((n) => n.nodeType === 1).map((n) => (n as typeof svg.root).tagName)).toEqual([
      'SVG',
    ])
    expect(svg.attr('svg', 'role')).toBe('img')
    expect(svg.attr('svg', 'aria-labelledby')).toBe('cum-title cum-desc')
    expect(svg.text('svg > title#cum-title')).toBe('累计甬舟共享')
    expect(svg.text('svg > desc#cum-desc')).toBe('截至3月累计 60 台次')
  })

  it('draws the running total up to the given month, rising with each month', () => {
    const svg = render(CumulativeChart(props))
    const points = polylinePoints(svg)
    expect(points).toHaveLength(4) // January 1st (0) and the ends of January, February, March
    const ys = points.map(([, y]) => y)
    // SVG y grows downwards: a rising total means falling y.
    expect(ys[0]).toBeGreaterThan(ys[1]!)
    expect(ys[1]).toBeGreaterThan(ys[2]!)
    expect(ys[2]).toBeGreaterThan(ys[3]!)
    expect(texts(svg).join(' ')).toContain('实际累计 60')
    expect(markTitles(svg)).toContain('3月: 60')
  })

  it('draws the target pace as a dashed line to the target, labelled in text', () => {
    const svg = render(CumulativeChart(props))
    expect(svg.attr('line.chart-pace[data-series="pace"]', 'stroke-dasharray')).toBe('6 4')
    expect(texts(svg).join(' ')).toContain('目标进度 500')
  })

  it('puts the pace end above a small actual total and scales to the larger of the two', () => {
    const svg = render(CumulativeChart({ ...props, target: 100, monthly: Array(12).fill(50), throughMonth: 12 }))
    const points = polylinePoints(svg)
    expect(points).toHaveLength(13)
    // 600 uses at the year's end: the axis reaches 600, and the last point sits on the top grid line.
    expect(texts(svg)).toContain('600')
    expect(Number(svg.attr('line.chart-pace', 'y2'))).toBeGreaterThan(points[12]![1])
  })

  it('a future year has no actual line but still the pace', () => {
    const svg = render(CumulativeChart({ ...props, throughMonth: 0 }))
    expect(svg.has('polyline')).toBe(false)
    expect(svg.has('.chart-pace')).toBe(true)
  })

  it('escapes text', () => {
    const svg = render(CumulativeChart({ ...props, text: { ...props.text, title: '<script>x</script>' } }))
    expect(svg.has('script')).toBe(false)
    expect(svg.text('title#cum-title')).toBe('<script>x</script>')
  })
})

describe('BarChart', () => {
  it('draws one labelled bar per month and series, taller for larger values', () => {
    const svg = render(
      BarChart({
        id: 'bars',
        labels: MONTHS,
        series: [
          { name: '甬舟共享', values: [1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
          { name: '全部共享', values: [2, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        ],
        text: { title: '每月台次', desc: '2月最多' },
      }),
    )
    expect(svg.text('title#bars-title')).toBe('每月台次')
    const heights = svg.select('.chart-bar').map((bar) => Number(bar.getAttribute('height')))
    expect(heights).toHaveLength(24)
    expect(heights[2]).toBeGreaterThan(heights[0]!) // February cross-city (4) > January (1)
    expect(heights[3]).toBeGreaterThan(heights[2]!) // February shared (6) > cross-city (4)
    expect(heights[4]).toBe(0)
    expect(markTitles(svg)).toContain('2月 · 甬舟共享: 4')
    // the second series differs by pattern, not colour alone
    expect(svg.select('[fill="url(#bars-hatch)"]').length).toBeGreaterThan(0)
    expect(svg.has('pattern#bars-hatch')).toBe(true)
    for (const m of MONTHS) expect(texts(svg)).toContain(m)
  })
})

describe('DirectionChart', () => {
  it('labels both directions with their counts, bar widths in proportion', () => {
    const svg = render(
      DirectionChart({
        id: 'dir',
        rows: [
          { label: '宁波 → 舟山', value: 30 },
          { label: '舟山 → 宁波', value: 15 },
        ],
        text: { title: '两个方向', desc: '宁波到舟山 30，舟山到宁波 15' },
      }),
    )
    expect(texts(svg)).toContain('宁波 → 舟山')
    expect(texts(svg)).toContain('舟山 → 宁波')
    expect(texts(svg)).toContain('30')
    expect(texts(svg)).toContain('15')
    const widths = svg.select('rect[x="150"][stroke]').map((bar) => Number(bar.getAttribute('width')))
    expect(widths).toHaveLength(2)
    expect(widths[0]).toBeCloseTo(widths[1]! * 2, 0)
  })
})

describe('ProgressBar', () => {
  it('shows N / target in text and fills its share', () => {
    const svg = render(
      ProgressBar({
        id: 'p',
        value: 125,
        max: 500,
        label: '今年甬舟共享 125 / 500 台次',
        desc: '完成 25%',
        pace: { value: 250, label: '按进度应达 250' },
      }),
    )
    expect(svg.text()).toContain('今年甬舟共享 125 / 500 台次')
    expect(texts(svg)).toContain('25%')
    const fill = svg.one('.chart-progress-fill')
    expect([fill.getAttribute('x'), fill.getAttribute('y'), fill.getAttribute('width')]).toEqual(['0', '34', '160'])
    expect(svg.select('line').map((line) => line.getAttribute('x1'))).toContain('320')
    expect(svg.text()).toContain('按进度应达 250')
  })

  it('clamps the share', () => {
    expect(progressShare(600, 500)).toBe(1)
    expect(progressShare(-1, 500)).toBe(0)
    expect(progressShare(3, 0)).toBe(1)
    expect(progressShare(250, 500)).toBe(0.5)
  })
})
