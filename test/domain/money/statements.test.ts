import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { monthIsOpen, monthOrdOf, monthSpan, monthText, parseMonth } from '../../../src/domain/money/months.js'
import {
  lineKindOf,
  nextStatementStatus,
  STATEMENT_ACTIONS,
  STATEMENT_STATUSES,
  statementSide,
  targetMonth,
} from '../../../src/domain/money/statements.js'

const at = (iso: string) => Date.parse(iso)

describe('months in Asia/Shanghai', () => {
  it.each([
    ['2027-02-28T15:59:59.999Z', '2027-02'],
    ['2027-02-28T16:00:00Z', '2027-03'], // local midnight, still February in UTC
    ['2026-12-31T16:00:00Z', '2027-01'],
  ])('%s is in %s', (iso, month) => {
    expect(monthText(monthOrdOf(at(iso)))).toBe(month)
  })

  it('parses only real months', () => {
    expect(parseMonth('2027-03')).toBe(2027 * 12 + 2)
    for (const bad of ['2027-13', '2027-00', '2027-3', '27-03', '2027-03-01', ''])
      expect(parseMonth(bad), bad).toBeNull()
  })

  it('round-trips ordinals and bounds a month at local midnight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000 * 12, max: 2100 * 12 }), (ord) => {
        expect(parseMonth(monthText(ord))).toBe(ord)
        const { start, end } = monthSpan(ord)
        expect(monthOrdOf(start)).toBe(ord)
        expect(monthOrdOf(end - 1)).toBe(ord)
        expect(monthOrdOf(end)).toBe(ord + 1)
      }),
    )
  })

  it('keeps a month open until its last millisecond has passed', () => {
    const march = parseMonth('2027-03')!
    expect(monthIsOpen(march, at('2027-03-31T23:59:59.999+08:00'))).toBe(true)
    expect(monthIsOpen(march, at('2027-04-01T00:00:00+08:00'))).toBe(false)
    expect(monthIsOpen(march, at('2027-02-01T00:00:00+08:00'))).toBe(true)
  })
})

describe('the moves of a statement', () => {
  const legal: Record<string, string> = {
    'draft issue': 'issued',
    'issued pay': 'paid',
    'issued dispute': 'disputed',
    'disputed answer': 'issued',
  }
  for (const from of STATEMENT_STATUSES)
    for (const action of STATEMENT_ACTIONS)
      it(`${action} from ${from} → ${legal[`${from} ${action}`] ?? 'illegal'}`, () => {
        expect(nextStatementStatus(from, action)).toBe(legal[`${from} ${action}`] ?? null)
      })

  it('is made by the provider, except a dispute', () => {
    expect(STATEMENT_ACTIONS.map(statementSide)).toEqual(['provider', 'provider', 'payer', 'provider'])
  })
})

describe('where an open entry goes', () => {
  const march = parseMonth('2027-03')!
  it.each([
    ['its own month, a draft', march, [], march],
    ['its own month issued: the next', march, [march], march + 1],
    ['its own and the next issued: the one after', march, [march, march + 1], march + 2],
    ['a later month issued out of order: still its own', march, [march + 1], march],
    ['an issued gap further on does not matter', march, [march, march + 2], march + 1],
  ])('%s', (_label, own, frozen, expected) => {
    expect(targetMonth(own, new Set(frozen))).toBe(expected)
  })

  it.each([
    ['charge', march, march, 'charge'],
    ['fee', march, march, 'fee'],
    ['charge', march - 1, march, 'adjustment'], // a late recording keeps its own date
    ['fee', march - 2, march, 'adjustment'],
    ['reversal', march, march, 'adjustment'],
  ] as const)('a %s of month %i on the statement of %i is a %s line', (kind, monthOrd, statement, expected) => {
    expect(lineKindOf({ kind, monthOrd }, statement)).toBe(expected)
  })
})
