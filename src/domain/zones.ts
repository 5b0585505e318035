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
