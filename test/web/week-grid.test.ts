import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import type { Instrument } from '../../src/domain/types.js'
import { INSTRUMENT_DEFAULTS } from '../../src/services/inputs/instrument.js'
import { weekGrid } from '../../src/web/pages/instrument/week-grid.js'

const instrument = (overrides: Partial<Instrument>): Instrument => ({
  ...INSTRUMENT_DEFAULTS,
  id: 'i',
  institutionId: 'x',
  name: 'n',
  category: 'other',
  openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, open: '08:00', close: '10:00' })),
  minMinutes: 30,
  version: 1,
  ...overrides,
})

describe('weekGrid', () => {
  it('keeps wall-clock rows on the day daylight saving starts', () => {
    const zone = 'Europe/Berlin'
    const monday = DateTime.fromISO('2027-03-22T00:00', { zone }).toMillis()
    const grid = weekGrid(instrument({ timezone: zone }), monday, [], [])
    expect(grid.rows).toEqual([480, 510, 540, 570])
    const sunday8 = grid.cells[0]![6]!
    expect(sunday8.start).toBe(DateTime.fromISO('2027-03-28T08:00', { zone }).toMillis())
    expect(sunday8.state).toBe('unavailable')
  })

  it('groups small slots into rows of about half an hour and marks free, busy and blackout', () => {
    const zone = 'Asia/Shanghai'
    const at = (t: string) => DateTime.fromISO(t, { zone }).toMillis()
    const grid = weekGrid(
      instrument({ slotMinutes: 15, minMinutes: 30 }),
      at('2027-03-01T00:00'),
      [{ start: at('2027-03-01T08:00'), end: at('2027-03-01T09:00') }],
      [
        { start: at('2027-03-01T09:00'), end: at('2027-03-01T09:15'), kind: 'reservation' },
        { start: at('2027-03-02T08:00'), end: at('2027-03-02T10:00'), kind: 'blackout' },
      ],
    )
    expect(grid.rows).toEqual([480, 510, 540, 570])
    expect(grid.cells.map((row) => row[0]!.state)).toEqual(['free', 'free', 'busy', 'unavailable'])
    expect(grid.cells[1]![0]!.booking).toEqual({ start: at('2027-03-01T08:30'), end: at('2027-03-01T09:00') })
    expect(grid.cells.map((row) => row[1]!.state)).toEqual(['blackout', 'blackout', 'blackout', 'blackout'])
  })

  it('marks a gap shorter than the minimum as not bookable', () => {
    const zone = 'Asia/Shanghai'
    const at = (t: string) => DateTime.fromISO(t, { zone }).toMillis()
    const grid = weekGrid(
      instrument({ minMinutes: 60 }),
      at('2027-03-01T00:00'),
      [{ start: at('2027-03-01T08:00'), end: at('2027-03-01T08:30') }],
      [],
    )
    expect(grid.cells[0]![0]!.state).toBe('unavailable')
  })
})
