import { describe, expect, it } from 'vitest'
import type { EvaluationFigures, InstrumentFigures } from '../../src/domain/evaluation/figures.js'
import {
  EVALUATION_CSV_HEADER,
  evaluationCsv,
  percentText,
  twoDecimalsText,
  wanYuanText,
} from '../../src/services/evaluation-csv.js'

describe('the evaluation CSV’s numbers, as the provincial form takes them', () => {
  it.each([
    [4_505_000, '450.50'],
    [2_482_200, '248.22'],
    [1_234_567, '123.46'], // 123.4567 万元: half up
    [1_234_549, '123.45'],
    [1_234_550, '123.46'],
    [500_000, '50.00'],
    [99, '0.01'],
    [49, '0.00'],
    [0, '0.00'],
    [null, ''],
  ])('原值 %s yuan → %s 万元', (yuan, text) => {
    expect(wanYuanText(yuan)).toBe(text)
  })

  it.each([
    [0, '0.00'],
    [1599, '1599.00'],
    [265.17, '265.17'],
    [0.1, '0.10'],
    [1600.5, '1600.50'],
  ])('hours %s → %s', (hours, text) => {
    expect(twoDecimalsText(hours)).toBe(text)
  })

  it.each([
    [0.452, '45.20%'],
    [0.1854, '18.54%'],
    [1, '100.00%'],
    [0, '0.00%'],
    [0.0001, '0.01%'],
    [null, ''],
  ])('rate %s → %s', (rate, text) => {
    expect(percentText(rate)).toBe(text)
  })
})

describe('evaluationCsv', () => {
  const base: InstrumentFigures = {
    instrumentId: 'i1',
    institutionId: 'nbu',
    name: '=HYPERLINK("x") 电镜',
    model: 'Apreo 2, 低真空',
    assetNumber: '-0042',
    originalValue: 3_596_400,
    large: true,
    status: 'active',
    uses: 10,
    sharedUses: 4,
    effectiveHours: 1600.5,
    externalHours: 600.25,
    shareRate: 0.375,
    incomeFen: { internal: 123_456, external: 1 },
    userInstitutions: 3,
    enterprises: 1,
    samples: 0,
    rating: { count: 0, average: null, timeliness: null, quality: null, staff: null },
    flags: [],
  }
  const figures = (instruments: InstrumentFigures[]): EvaluationFigures => ({
    year: 2027,
    nationalMeans: null,
    thresholds: null,
    instruments,
    institutions: [],
  })

  it('keeps typed text from running as a formula, quotes separators, and leaves the rating empty when nobody rated', () => {
    const rating = { count: 3, average: 4.5, timeliness: 4.33, quality: 4.67, staff: 4.5 }
    const csv = evaluationCsv(
      figures([base, { ...base, instrumentId: 'i2', name: 'XRD', samples: 12, rating }]),
      new Map([['nbu', '宁波大学']]),
    )
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.slice(1).split('\r\n')).toEqual([
      EVALUATION_CSV_HEADER.join(','),
      `"'=HYPERLINK(""x"") 电镜",'-0042,"Apreo 2, 低真空",359.64,宁波大学,1600.50,600.25,37.50%,1234.57,3,1,0,`,
      `XRD,'-0042,"Apreo 2, 低真空",359.64,宁波大学,1600.50,600.25,37.50%,1234.57,3,1,12,4.50`,
      '',
    ])
  })
})
