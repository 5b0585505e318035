import { DateTime } from 'luxon'
import {
  classifyUse,
  compareText,
  type Institutions,
  institutionOf,
  machineMillis,
  STATS_ZONE,
  type UseRecord,
} from '../domain/sharing/counting.js'
import { zoneOf } from '../domain/zones.js'
import { csvDocument } from './csv.js'

/** The CSV header of `GET /stats/sharing.csv`. */
export const SHARING_CSV_HEADER = [
  'reservationId',
  'start',
  'end',
  'instrumentId',
  'instrumentName',
  'providerInstitution',
  'providerCity',
  'userInstitution',
  'userCity',
  'shared',
  'crossCity',
  'machineHours',
  // `reservation` or `recorded` (an admin's record after the fact); API.md "Additions": sample orders later add
  // the kind `order` and a `samples` column after this one, and nothing follows them
  'kind',
] as const

/** RFC 3339 with the Asia/Shanghai offset, e.g. `2027-03-01T09:00:00+08:00`. */
function formatInstant(instant: number): string {
  return DateTime.fromMillis(instant, { zone: zoneOf(STATS_ZONE) }).toISO({ suppressMilliseconds: true }) ?? ''
}

/** Hours with exactly 2 decimals, e.g. `1.50`. */
function formatHours(ms: number): string {
  const hundredths = Math.round(ms / 36_000)
  const sign = hundredths < 0 ? '-' : ''
  const abs = Math.abs(hundredths)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The CSV of `GET /stats/sharing.csv` (see `csvDocument` for BOM, CRLF and quoting): `rows` are
 * the counted uses (one line each), sorted here by start, then reservation id. Institutions appear
 * by name; the file never carries a person's name.
 */
export function sharingCsv(rows: readonly UseRecord[], institutions: Institutions): string {
  const sorted = [...rows].sort((a, b) => a.start - b.start || compareText(a.reservationId, b.reservationId))
  return csvDocument(
    SHARING_CSV_HEADER,
    sorted.map((r) => {
      const provider = institutionOf(institutions, r.providerInstitutionId)
      const user = institutionOf(institutions, r.userInstitutionId)
      const { shared, crossCity } = classifyUse(institutions, r.providerInstitutionId, r.userInstitutionId)
      return [
        r.reservationId,
        formatInstant(r.start),
        formatInstant(r.end),
        r.instrumentId,
        r.instrumentName,
        provider.name,
        provider.city,
        user.name,
        user.city,
        String(shared),
        String(crossCity),
        formatHours(machineMillis(r)),
        r.recorded ? 'recorded' : 'reservation',
      ]
    }),
  )
}
