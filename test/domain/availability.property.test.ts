import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { computeAvailability } from '../../src/domain/availability.js'
import { findConflicts } from '../../src/domain/conflicts.js'
import { clipIntervals, type Interval, mergeIntervals, overlaps } from '../../src/domain/interval.js'
import { openPeriodsBetween, validateOpeningHours } from '../../src/domain/opening-hours.js'
import { checkBookingRules } from '../../src/domain/rules.js'
import type { BookingRules, HeldInterval, OpeningPeriod, Weekday } from '../../src/domain/types.js'
import { bookingRules } from '../support/booking-rules.js'

const MIN = 60_000
const DAY = 24 * 60 * MIN

/** Weekly hours for a slot length: up to three periods a day, some pinned to 00:00 or 24:00 so that nights join. */
const hoursArb = (slotMinutes: number): fc.Arbitrary<OpeningPeriod[]> =>
  fc
    .array(
      fc.record({
        weekday: fc.integer({ min: 1, max: 7 }),
        pin: fc.constantFrom('none', 'none', 'midnight-open', 'midnight-close'),
        openQuarter: fc.integer({ min: 0, max: 95 }),
        slots: fc.integer({ min: 1, max: 10 }),
      }),
      { maxLength: 14 },
    )
    .map((drafts) => {
      const kept: { weekday: number; open: number; close: number }[] = []
      for (const d of drafts) {
        const length = d.slots * slotMinutes
        const open = d.pin === 'midnight-open' ? 0 : d.pin === 'midnight-close' ? 1440 - length : d.openQuarter * 15
        const close = open + length
        if (open < 0 || close > 1440) continue
        if (kept.some((k) => k.weekday === d.weekday && k.open < close && open < k.close)) continue
        kept.push({ weekday: d.weekday, open, close })
      }
      const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
      return kept.map((k) => ({ weekday: k.weekday as Weekday, open: hhmm(k.open), close: hhmm(k.close) }))
    })

const configArb = (zones: readonly string[]) =>
  fc.constantFrom(15, 30, 60, 90).chain((slotMinutes) =>
    fc.record({
      slotMinutes: fc.constant(slotMinutes),
      hours: hoursArb(slotMinutes),
      zone: fc.constantFrom(...zones),
      // Mondays: an ordinary week, New Year, and the weeks of the daylight-saving changes in Europe and America
      monday: fc.constantFrom('2027-05-10', '2026-12-28', '2027-03-22', '2027-10-25', '2027-03-08', '2027-11-01'),
    }),
  )

const rulesOf = (c: { slotMinutes: number; hours: OpeningPeriod[]; zone: string }, more: Partial<BookingRules> = {}) =>
  bookingRules({
    timezone: c.zone,
    openingHours: c.hours,
    slotMinutes: c.slotMinutes,
    minMinutes: c.slotMinutes,
    maxMinutes: 480,
    noticeMinutes: 0,
    horizonDays: 400,
    ...more,
  })

/** An on-grid interval inside one concrete period, chosen by three free numbers. */
const pickInside = (
  periods: readonly Interval[],
  slotMs: number,
  [p, a, b]: readonly [number, number, number],
): Interval | null => {
  const period = periods[p % Math.max(1, periods.length)]
  if (!period) return null
  const slots = Math.floor((period.end - period.start) / slotMs)
  if (slots < 1) return null
  const k = a % slots
  const length = 1 + (b % (slots - k))
  return { start: period.start + k * slotMs, end: period.start + (k + length) * slotMs }
}
const pickArb = fc.tuple(fc.nat(), fc.nat(), fc.nat())

describe('reserve / cancel sequences', () => {
  it('never holds two overlapping reservations, buffers included, and refuses only real collisions', () => {
    const T0 = Date.parse('2027-03-01T00:00:00Z')
    const Q = 15 * MIN
    const op = fc.oneof(
      fc.record({
        type: fc.constant('reserve' as const),
        slot: fc.integer({ min: 0, max: 80 }),
        slots: fc.integer({ min: 1, max: 8 }),
        buffer: fc.constantFrom(0, 15, 30, 45),
      }),
      fc.record({ type: fc.constant('cancel' as const), index: fc.nat() }),
    )
    const blackoutArb = fc
      .tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 6 }))
      .map(([s, n]) => ({ start: T0 + s * Q, end: T0 + (s + n) * Q }))
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(blackoutArb, { maxLength: 3 }), (ops, blackouts) => {
        const held: HeldInterval[] = []
        for (const o of ops) {
          if (o.type === 'cancel') {
            if (held.length > 0) held.splice(o.index % held.length, 1)
            continue
          }
          const request = { start: T0 + o.slot * Q, end: T0 + (o.slot + o.slots) * Q }
          const holdEnd = request.end + o.buffer * MIN
          const conflicts = findConflicts(request, o.buffer, held, blackouts)
          const reallyCollides =
            held.some((e) => overlaps({ start: request.start, end: holdEnd }, { start: e.start, end: e.holdEnd })) ||
            blackouts.some((b) => overlaps(request, b))
          expect(conflicts.length > 0).toBe(reallyCollides)
          if (conflicts.length === 0) held.push({ ...request, holdEnd })
        }
        for (const [i, a] of held.entries()) {
          for (const b of held.slice(i + 1)) {
            expect(overlaps({ start: a.start, end: a.holdEnd }, { start: b.start, end: b.holdEnd })).toBe(false)
          }
          for (const b of blackouts) expect(overlaps(a, b)).toBe(false)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('computeAvailability', () => {
  it('free ∪ busy (within the open periods) = the open periods of the window, and free ∩ busy = ∅', () => {
    fc.assert(
      fc.property(
        configArb(['Asia/Shanghai', 'UTC']),
        fc.array(pickArb, { maxLength: 6 }),
        fc.array(pickArb, { maxLength: 3 }),
        (config, heldPicks, blackoutPicks) => {
          expect(validateOpeningHours(config.hours, config.slotMinutes)).toEqual([])
          const start = DateTime.fromISO(config.monday, { zone: config.zone })
          const window = { start: start.toMillis(), end: start.plus({ days: 7 }).toMillis() }
          const periods = openPeriodsBetween(config.hours, config.zone, window.start, window.end)
          const slotMs = config.slotMinutes * MIN
          const held = heldPicks.flatMap((pick) => {
            const i = pickInside(periods, slotMs, pick)
            return i ? [{ ...i, holdEnd: i.end }] : []
          })
          const blackouts = blackoutPicks.flatMap((pick) => pickInside(periods, slotMs, pick) ?? [])
          const { free, busy } = computeAvailability({
            rules: rulesOf(config),
            instrumentStatus: 'active',
            window,
            now: window.start - 30 * DAY,
            held,
            blackouts,
          })
          const open = mergeIntervals(clipIntervals(periods, window))
          const busyInOpen = open.flatMap((o) => clipIntervals(busy, o))
          expect(mergeIntervals([...free, ...busyInOpen])).toEqual(open)
          for (const f of free) for (const b of busy) expect(overlaps(f, b)).toBe(false)
          expect(mergeIntervals(free)).toEqual(free)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('an on-grid request inside the window is inside free iff it breaks no rule (length aside) and has no conflict', () => {
    fc.assert(
      fc.property(
        configArb(['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York']),
        fc.record({
          bufferMinutes: fc.constantFrom(0, 15, 30, 60),
          noticeMinutes: fc.constantFrom(0, 30, 60, 24 * 60),
          horizonDays: fc.integer({ min: 0, max: 8 }),
          nowOffset: fc.integer({ min: -2 * DAY, max: 5 * DAY }),
          windowOffset: fc.integer({ min: 0, max: 2 * DAY }),
          windowLength: fc.integer({ min: 1, max: 7 * DAY }),
        }),
        fc.array(
          fc.tuple(
            fc.integer({ min: -DAY, max: 9 * DAY }),
            fc.integer({ min: 1, max: 600 }),
            fc.constantFrom(0, 15, 30),
          ),
          { maxLength: 6 },
        ),
        fc.array(fc.tuple(fc.integer({ min: -DAY, max: 9 * DAY }), fc.integer({ min: 1, max: 900 })), { maxLength: 2 }),
        fc.array(pickArb, { minLength: 1, maxLength: 12 }),
        (config, knobs, heldRaw, blackoutRaw, requestPicks) => {
          const monday = DateTime.fromISO(config.monday, { zone: config.zone }).toMillis()
          const window = { start: monday + knobs.windowOffset, end: monday + knobs.windowOffset + knobs.windowLength }
          const now = monday + knobs.nowOffset
          const held = heldRaw.map(([s, length, buffer]) => ({
            start: monday + s,
            end: monday + s + length * MIN,
            holdEnd: monday + s + (length + buffer) * MIN,
          }))
          const blackouts = blackoutRaw.map(([s, length]) => ({ start: monday + s, end: monday + s + length * MIN }))
          const rules = rulesOf(config, { ...knobs, minMinutes: 0, maxMinutes: Number.MAX_SAFE_INTEGER })
          const { free } = computeAvailability({ rules, instrumentStatus: 'active', window, now, held, blackouts })
          const bookable = (request: Interval) =>
            checkBookingRules(request, { rules, instrumentStatus: 'active', now }) === null &&
            findConflicts(request, rules.bufferMinutes, held, blackouts).length === 0
          // every free interval is bookable as a whole
          for (const f of free) expect(bookable(f)).toBe(true)
          const periods = openPeriodsBetween(config.hours, config.zone, window.start, window.end)
          const horizon = DateTime.fromMillis(now, { zone: config.zone })
            .startOf('day')
            .plus({ days: knobs.horizonDays + 1 })
            .toMillis()
          for (const pick of requestPicks) {
            const request = pickInside(periods, config.slotMinutes * MIN, pick)
            // free is clipped to the window and the horizon end, a booking need not be
            if (!request || request.start < window.start || request.end > Math.min(window.end, horizon)) continue
            const inFree = free.some((f) => f.start <= request.start && request.end <= f.end)
            expect(inFree).toBe(bookable(request))
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('an instrument that is not active has nothing free', () => {
    fc.assert(
      fc.property(
        configArb(['Asia/Shanghai']),
        fc.constantFrom('maintenance' as const, 'retired' as const),
        (config, status) => {
          const start = DateTime.fromISO(config.monday, { zone: config.zone }).toMillis()
          const window = { start, end: start + 7 * DAY }
          const result = computeAvailability({
            rules: rulesOf(config),
            instrumentStatus: status,
            window,
            now: start - DAY,
            held: [],
            blackouts: [],
          })
          expect(result).toEqual({ free: [], busy: [] })
        },
      ),
      { numRuns: 20 },
    )
  })
})
