import { describe, expect, it } from 'vitest'
import {
  actionWindow,
  CHECK_IN_OPENS_BEFORE_START_MS,
  checkInOpen,
  fromStatuses,
  isHeld,
  isWithinWindow,
  NO_SHOW_CLOSES_AFTER_END_MS,
  NO_SHOW_OPENS_AFTER_START_MS,
  nextStatus,
  noShowOpen,
  type ReservationAction,
} from '../../src/domain/lifecycle.js'
import type { ReservationStatus } from '../../src/domain/types.js'

const STATUSES: ReservationStatus[] = [
  'pending',
  'confirmed',
  'in_use',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'no_show',
]
const ACTIONS: ReservationAction[] = [
  'approve',
  'reject',
  'cancel',
  'expire',
  'check-in',
  'check-out',
  'no-show',
  'blackout',
]

/** DOMAIN.md "Lifecycle", written out independently of the implementation. */
const LEGAL: [ReservationStatus, ReservationAction, ReservationStatus][] = [
  ['pending', 'approve', 'confirmed'],
  ['pending', 'reject', 'rejected'],
  ['pending', 'cancel', 'cancelled'],
  ['pending', 'expire', 'expired'],
  ['pending', 'blackout', 'cancelled'],
  ['confirmed', 'cancel', 'cancelled'],
  ['confirmed', 'blackout', 'cancelled'],
  ['confirmed', 'check-in', 'in_use'],
  ['confirmed', 'no-show', 'no_show'],
  ['in_use', 'check-out', 'completed'],
]

const everyPair = STATUSES.flatMap((from) =>
  ACTIONS.map((action) => {
    const legal = LEGAL.find(([f, a]) => f === from && a === action)
    return [from, action, legal ? legal[2] : null] as const
  }),
)

describe('nextStatus', () => {
  it.each(everyPair)('%s --%s--> %s', (from, action, expected) => {
    expect(nextStatus(from, action)).toBe(expected)
  })
})

describe('fromStatuses', () => {
  it.each<[ReservationAction, ReservationStatus[]]>([
    ['approve', ['pending']],
    ['reject', ['pending']],
    ['cancel', ['pending', 'confirmed']],
    ['expire', ['pending']],
    ['blackout', ['pending', 'confirmed']],
    ['check-in', ['confirmed']],
    ['check-out', ['in_use']],
    ['no-show', ['confirmed']],
  ])('%s starts from %j', (action, expected) => {
    expect([...fromStatuses(action)].sort()).toEqual([...expected].sort())
    for (const status of STATUSES) expect(nextStatus(status, action) !== null).toBe(expected.includes(status))
  })

  it('returns a fresh array', () => {
    fromStatuses('cancel').push('completed')
    expect(fromStatuses('cancel')).not.toContain('completed')
  })
})

const MIN = 60_000
const start = Date.parse('2027-03-01T09:00:00+08:00')
const end = Date.parse('2027-03-01T11:00:00+08:00')
const r = { start, end }

describe('windows', () => {
  it('has the documented constants', () => {
    expect([CHECK_IN_OPENS_BEFORE_START_MS, NO_SHOW_OPENS_AFTER_START_MS, NO_SHOW_CLOSES_AFTER_END_MS]).toEqual([
      15 * MIN,
      15 * MIN,
      7 * 24 * 60 * MIN,
    ])
  })

  it.each([
    ['16 minutes before the start', start - 16 * MIN, false],
    ['15 minutes before the start', start - 15 * MIN, true],
    ['at the start', start, true],
    ['one millisecond before the end', end - 1, true],
    ['at the end', end, false],
  ])('check-in %s: %s', (_name, now, expected) => {
    expect(checkInOpen(r, now)).toBe(expected)
  })

  it.each([
    ['14 minutes after the start', start + 14 * MIN, false],
    ['15 minutes after the start', start + 15 * MIN, true],
    ['at the end', end, true],
    ['7 days after the end', Date.parse('2027-03-08T11:00:00+08:00'), true],
    ['7 days and a millisecond after the end', Date.parse('2027-03-08T11:00:00+08:00') + 1, false],
  ])('no-show %s: %s', (_name, now, expected) => {
    expect(noShowOpen(r, now)).toBe(expected)
  })

  it.each([
    ['a researcher, one millisecond before the start', false, start - 1, true],
    ['a researcher, at the start', false, start, false],
    ['an admin, after the start', true, start + 1, true],
    ['an admin, one millisecond before the end', true, end - 1, true],
    // from its end a confirmed reservation is a use that took place: history, never cancelled
    ['an admin, at the end', true, end, false],
    ['an admin, a month later', true, end + 30 * 24 * 60 * MIN, false],
  ])('cancel by %s: %s', (_name, admin, now, expected) => {
    expect(isWithinWindow(actionWindow('cancel', { admin }), r, now)).toBe(expected)
  })
})

describe('isHeld', () => {
  it.each(STATUSES.map((s) => [s, ['pending', 'confirmed', 'in_use'].includes(s)] as const))(
    '%s → %s',
    (status, expected) => {
      expect(isHeld(status)).toBe(expected)
    },
  )
})
