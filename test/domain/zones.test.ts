import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  atLocalMinutes,
  type LocalInstant,
  localInstant,
  localWeekday,
  plusLocalDays,
  startOfLocalDay,
  zoneOf,
} from '../../src/domain/zones.js'

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']
/** Zones whose daylight saving starts or ends AT midnight, half-hour shifts, a whole day skipped (Apia, 2011-12-30). */
const ODD_ZONES = ['America/Santiago', 'America/Havana', 'America/Sao_Paulo', 'Pacific/Apia', 'America/St_Johns']

describe('zoneOf', () => {
  it('gives exactly the offsets of the IANA zone, around DST changes too', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (name, ts) => {
          expect(zoneOf(name).offset(ts)).toBe(IANAZone.create(name).offset(ts))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it.each([
    ['Europe/Berlin', '2027-03-28T00:59:59.999Z', 60],
    ['Europe/Berlin', '2027-03-28T01:00:00.000Z', 120],
    ['Australia/Lord_Howe', '2027-04-03T14:59:59.999Z', 660],
    ['Australia/Lord_Howe', '2027-04-03T15:00:00.000Z', 630],
  ])('switches exactly at the transition in %s (%s → %i min)', (name, iso, minutes) => {
    expect(zoneOf(name).offset(Date.parse(iso))).toBe(minutes)
  })

  it('works as a luxon zone: same wall clock as the zone name', () => {
    const ts = Date.parse('2027-10-31T00:30:00Z')
    expect(DateTime.fromMillis(ts, { zone: zoneOf('Europe/Berlin') }).toISO()).toBe(
      DateTime.fromMillis(ts, { zone: 'Europe/Berlin' }).toISO(),
    )
    expect(zoneOf('Nowhere/City').isValid).toBe(false)
  })
})

describe('local days without DateTime objects (LocalInstant)', () => {
  const same = (mine: LocalInstant, theirs: DateTime) => {
    expect(mine.ts).toBe(theirs.toMillis())
    expect(mine.offset).toBe(theirs.offset)
  }
  // instants near the DST changes of the odd zones, and anywhere from 1960 to 2040
  const instant = fc
    .oneof(
      fc.integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2040, 0, 1) }),
      fc.constantFrom(
        Date.UTC(2011, 11, 29, 10),
        Date.UTC(2022, 8, 11, 3),
        Date.UTC(2027, 3, 4, 3),
        Date.UTC(2027, 8, 5, 4),
        Date.UTC(2027, 2, 14, 5),
        Date.UTC(2027, 10, 7, 5),
        Date.UTC(2018, 10, 4, 2),
      ),
    )
    .chain((base) => fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((shift) => base + shift))

  it('moves through days, times of day and weekdays exactly as luxon does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES, ...ODD_ZONES),
        instant,
        fc.integer({ min: -40, max: 400 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        (name, ts, days, minutes) => {
          const zone = zoneOf(name)
          const theirs = DateTime.fromMillis(ts, { zone })
          const mine = localInstant(zone, ts)
          same(mine, theirs)
          same(startOfLocalDay(zone, mine), theirs.startOf('day'))
          same(plusLocalDays(zone, mine, days), theirs.plus({ days }))
          const midnight = startOfLocalDay(zone, plusLocalDays(zone, startOfLocalDay(zone, mine), days))
          const theirMidnight = theirs.startOf('day').plus({ days }).startOf('day')
          same(midnight, theirMidnight)
          same(
            atLocalMinutes(zone, midnight, minutes),
            theirMidnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }),
          )
          expect(localWeekday(midnight)).toBe(theirMidnight.weekday)
          expect(localWeekday(mine)).toBe(theirs.weekday)
        },
      ),
      { numRuns: 5000, examples: [['Pacific/Apia', Date.UTC(2011, 11, 29, 10), 276, 0]] },
    )
  })
})
