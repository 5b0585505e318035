import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { zoneOf } from '../../src/domain/zones.js'

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']

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
