import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_OFFSET_MINUTES, parseInstant, parseLocalDate } from '../../src/domain/instant.js'

const ms = (iso: string) => Date.parse(iso)

describe('parseInstant (the one reader of the API and the pages)', () => {
  it.each([
    ['2027-03-01T09:00:00+08:00', ms('2027-03-01T01:00:00Z')],
    ['2027-03-01T09:00+08:00', ms('2027-03-01T01:00:00Z')],
    ['2027-03-01T01:00:00Z', ms('2027-03-01T01:00:00Z')],
    ['2027-03-01t01:00:00z', ms('2027-03-01T01:00:00Z')],
    ['2027-03-01T01:00:00.5Z', ms('2027-03-01T01:00:00.500Z')],
    ['2027-03-01T01:00:00.123456789Z', ms('2027-03-01T01:00:00.123Z')],
    ['2027-03-01T14:00:00+14:00', ms('2027-03-01T00:00:00Z')],
    ['2027-03-01T00:00:00-14:00', ms('2027-03-01T14:00:00Z')],
    ['2027-03-01T05:30:00+05:30', ms('2027-03-01T00:00:00Z')],
    ['2028-02-29T00:00:00Z', ms('2028-02-29T00:00:00Z')],
    ['1900-01-01T00:00:00Z', ms('1900-01-01T00:00:00Z')],
    ['1999-12-31T23:59:59+08:00', ms('1999-12-31T15:59:59Z')],
    ['2200-12-31T23:59:59Z', ms('2200-12-31T23:59:59Z')],
  ])('reads %s', (text, expected) => {
    expect(parseInstant(text)).toEqual({ ok: true, ms: expected })
  })

  it.each([
    ['2027-03-01T09:00:00+24:00', 'offset'],
    ['2027-03-01T09:00:00+99:99', 'offset'],
    ['2027-03-01T09:00:00+14:01', 'offset'],
    ['2027-03-01T09:00:00-15:00', 'offset'],
    ['2027-03-01T09:00:00+08:60', 'offset'],
    ['2027-03-01T24:00:00+08:00', 'date'],
    ['2027-03-01T23:60:00+08:00', 'date'],
    ['2027-03-01T23:59:60+08:00', 'date'],
    ['2027-02-29T09:00:00+08:00', 'date'],
    ['2027-13-01T09:00:00+08:00', 'date'],
    ['2027-00-10T09:00:00+08:00', 'date'],
    ['2027-04-31T09:00:00+08:00', 'date'],
    ['0001-01-01T00:00:00Z', 'range'],
    ['9999-12-31T23:59:59Z', 'range'],
    ['1899-12-31T23:59:59Z', 'range'],
    ['2201-01-01T00:00:00Z', 'range'],
    ['+275760-09-13T00:00:00Z', 'format'],
    ['2027-03-01 09:00:00+08:00', 'format'],
    ['2027-03-01', 'format'],
    ['2027-W09-1T09:00:00Z', 'format'],
    ['2027-060T09:00:00Z', 'format'],
    ['2027-03-01T09+08:00', 'format'],
    ['2027-03-01T09:00:00+0800', 'format'],
    ['2027-03-01T09:00:00+08:00\n', 'format'],
    [' 2027-03-01T09:00:00+08:00', 'format'],
    ['１２３４-03-01T09:00:00Z', 'format'],
    ['2027-03-01T09:00:00', 'offset-missing'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseInstant(text)).toEqual({ ok: false, problem })
  })

  it('reads a wall-clock time without an offset in the zone it is given (a datetime-local field)', () => {
    expect(parseInstant('2027-03-01T09:00', 'Asia/Shanghai')).toEqual({ ok: true, ms: ms('2027-03-01T01:00:00Z') })
    expect(parseInstant('2027-07-01T09:00', 'Europe/Berlin')).toEqual({ ok: true, ms: ms('2027-07-01T07:00:00Z') })
    // an offset, when written, wins over the zone
    expect(parseInstant('2027-03-01T09:00+00:00', 'Asia/Shanghai')).toEqual({ ok: true, ms: ms('2027-03-01T09:00Z') })
    // a local time with the same bounds as the API: no 24:00, no year 0001 or 9999
    for (const text of ['2027-03-01T24:00', '0001-01-01T00:00', '9999-12-31T23:59', '+275760-09-13T00:00'])
      expect(parseInstant(text, 'Asia/Shanghai').ok, text).toBe(false)
    // Berlin skips 02:00–03:00 on 28 March 2027: the skipped time moves forward, as luxon does
    expect(parseInstant('2027-03-28T02:30', 'Europe/Berlin')).toEqual({ ok: true, ms: ms('2027-03-28T01:30:00Z') })
  })

  it('agrees with Date.parse on every instant it accepts (fast-check)', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0')
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('2200-12-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -MAX_OFFSET_MINUTES, max: MAX_OFFSET_MINUTES }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000)
          const sign = offset < 0 ? '-' : '+'
          const text = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
          expect(parseInstant(text)).toEqual({ ok: true, ms: date.getTime() })
          expect(Date.parse(text)).toBe(date.getTime())
        },
      ),
    )
  })
})

describe('parseLocalDate', () => {
  it('reads a calendar date as its local midnight, within the same years', () => {
    expect(parseLocalDate('2027-03-01', 'Asia/Shanghai')).toBe(ms('2027-02-28T16:00:00Z'))
    for (const text of ['0001-01-01', '9999-01-01', '2027-02-30', '2027-3-1', '2027-03-01T00:00'])
      expect(parseLocalDate(text, 'Asia/Shanghai'), text).toBeNull()
  })
})
