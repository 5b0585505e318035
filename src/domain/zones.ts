import { IANAZone, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon'

const QUARTER_HOUR = 15 * 60_000
// Since 1973 every zone's offset is a whole quarter hour and changes on a quarter hour (UTC), so
// one offset per quarter hour is exact; older instants (local mean times, odd seconds) go uncached.
const CACHE_FROM = Date.UTC(1973, 0, 1)
const MAX_CACHED = 50_000

/**
 * An IANA zone that remembers offsets. Luxon asks the zone for an offset at nearly every step and
 * answers through Intl's formatToParts — profiling showed this to be the largest cost of a booking.
 */
class CachedZone extends Zone {
  private readonly offsets = new Map<number, number>()

  constructor(private readonly inner: IANAZone) {
    super()
  }

  override get type() {
    return this.inner.type
  }
  override get name() {
    return this.inner.name
  }
  override get isUniversal() {
    return this.inner.isUniversal
  }
  override get isValid() {
    return this.inner.isValid
  }
  override offsetName(ts: number, options: ZoneOffsetOptions) {
    return this.inner.offsetName(ts, options)
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat) {
    return this.inner.formatOffset(ts, format)
  }
  override offset(ts: number) {
    if (!(ts >= CACHE_FROM)) return this.inner.offset(ts)
    const key = Math.floor(ts / QUARTER_HOUR)
    let offset = this.offsets.get(key)
    if (offset === undefined) {
      offset = this.inner.offset(ts)
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear()
      this.offsets.set(key, offset)
    }
    return offset
  }
  override equals(other: Zone) {
    return other.type === 'iana' && other.name === this.name
  }
}

const zones = new Map<string, CachedZone>()

/** The zone of that IANA name, one shared instance per name; check `isValid` before use. */
export function zoneOf(name: string): Zone {
  let zone = zones.get(name)
  if (!zone) {
    zone = new CachedZone(IANAZone.create(name))
    if (zone.isValid) zones.set(name, zone)
  }
  return zone
}

const MINUTE = 60_000
const DAY = 24 * 3600_000

/**
 * An instant and the offset (minutes) luxon's DateTime carries for it in a zone. The functions below move it
 * through local days exactly as luxon's `startOf('day')`, `plus({ days })` and `set({ hour, minute })` do —
 * the same guess-and-correct of the offset (luxon's fixOffset), so that gaps and overlaps of daylight saving
 * resolve alike (test/domain/zones.test.ts) — without building DateTime objects, which were the largest cost
 * of checking a booking's rules and of a week's availability.
 */
export interface LocalInstant {
  readonly ts: number
  readonly offset: number
}

/** luxon's fixOffset: the instant of the wall-clock time `wall` (local ms, read as UTC), guessing `offset` first. */
function fromWall(zone: Zone, wall: number, offset: number): LocalInstant {
  let guess = wall - offset * MINUTE
  const o2 = zone.offset(guess)
  if (o2 === offset) return { ts: guess, offset }
  guess -= (o2 - offset) * MINUTE
  const o3 = zone.offset(guess)
  if (o2 === o3) return { ts: guess, offset: o2 }
  // In a gap luxon keeps the earlier offset's instant, and its DateTime then carries the zone's offset AT that
  // instant, not fixOffset's max(o2, o3): they differ when the gap is not the change nearest the guess (Apia, 2012).
  const ts = wall - Math.min(o2, o3) * MINUTE
  return { ts, offset: zone.offset(ts) }
}

const wallOf = (t: LocalInstant) => t.ts + t.offset * MINUTE
/** Days since 1970-01-01 of the local date. */
const localDay = (t: LocalInstant) => Math.floor(wallOf(t) / DAY)

/** `DateTime.fromMillis(ts, { zone })`. */
export const localInstant = (zone: Zone, ts: number): LocalInstant => ({ ts, offset: zone.offset(ts) })

/** `.startOf('day')`: local midnight of the same local date. */
export const startOfLocalDay = (zone: Zone, t: LocalInstant): LocalInstant =>
  fromWall(zone, localDay(t) * DAY, t.offset)

/** `.plus({ days })`: the same wall-clock time `days` calendar days later (earlier when negative). */
export const plusLocalDays = (zone: Zone, t: LocalInstant, days: number): LocalInstant =>
  fromWall(zone, wallOf(t) + days * DAY, t.offset)

/** `.set({ hour, minute, second: 0, millisecond: 0 })` with `minutes` after local midnight (< 24 h). */
export const atLocalMinutes = (zone: Zone, t: LocalInstant, minutes: number): LocalInstant =>
  fromWall(zone, localDay(t) * DAY + minutes * MINUTE, t.offset)

/** `.weekday`: 1 (Monday) … 7 (Sunday) of the local date; 1970-01-01 was a Thursday. */
export const localWeekday = (t: LocalInstant): number => ((((localDay(t) + 3) % 7) + 7) % 7) + 1
