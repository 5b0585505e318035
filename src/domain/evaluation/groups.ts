import { compareText, isUse, type UseRecord, useMillis, yearBounds } from '../sharing/counting.js'

/*
 * The evaluation's inputs reduced to what its figures need, by two paths that must agree: the repository's SQL
 * (src/repositories/evaluation.ts) and these pure twins over plain records (test/repositories/evaluation.test.ts
 * checks one against the other on generated data). What a use is, its year and its machine time are the sharing
 * statistics' own rule (../sharing/counting.ts): the evaluation has no second definition of any of them.
 */

/** The uses of one year of one instrument by researchers of one institution. */
export interface EvaluationUseGroup {
  instrumentId: string
  /** The researcher's institution, copied onto the use when it was made. */
  userInstitutionId: string
  uses: number
  /** Machine time of the uses, in whole ms, summed exactly. */
  machineMs: number
  /** 样品数: the samples of the group's sample orders (an order is one use with its samples; a reservation has none). */
  samples: number
}

/** A use record as the evaluation reads it: the sharing statistics' record (an order's carries its samples). */
export type EvaluationUseRecord = UseRecord

/** The canonical order of use groups: instrument, then the researcher's institution. */
export const compareUseGroups = (a: EvaluationUseGroup, b: EvaluationUseGroup): number =>
  compareText(a.instrumentId, b.instrumentId) || compareText(a.userInstitutionId, b.userInstitutionId)

/**
 * The pure twin of the repository's GROUP BY: the uses at `now` among `records` whose date lies in `year`
 * (Asia/Shanghai: a reservation's booked start, an order's reported time, both the record's `start`), by instrument
 * and researcher's institution, in `compareUseGroups` order. A run of an order is never a use (`isUse`); an order's
 * machine time is its runs' (`useMillis`).
 */
export function groupEvaluationUses(
  records: readonly EvaluationUseRecord[],
  year: number,
  now: number,
): EvaluationUseGroup[] {
  const { start, end } = yearBounds(year)
  const groups = new Map<string, EvaluationUseGroup>()
  for (const r of records) {
    if (r.start < start || r.start >= end || !isUse(r, now)) continue
    const key = `${r.instrumentId}\u0000${r.userInstitutionId}`
    let group = groups.get(key)
    if (!group) {
      group = {
        instrumentId: r.instrumentId,
        userInstitutionId: r.userInstitutionId,
        uses: 0,
        machineMs: 0,
        samples: 0,
      }
      groups.set(key, group)
    }
    group.uses += 1
    group.machineMs += useMillis(r)
    group.samples += r.samples ?? 0
  }
  return [...groups.values()].sort(compareUseGroups)
}

/**
 * A final charge or fee as the evaluation reads it (a billing entry: its `chargeFen` is the charge before any
 * voucher's deduction, a fee's amount, or a reversal's negative charge). Its year is that of its month.
 */
export interface IncomeEntry {
  instrumentId: string
  providerInstitutionId: string
  /** The user's institution (the reservation's snapshot). */
  payerInstitutionId: string
  /** year × 12 + month − 1 of the use's booked start (or an order's report) in Asia/Shanghai. */
  monthOrd: number
  chargeFen: number
}

/** An instrument's income of a year, before deductions: from its own institution's users, and from the others'. */
export interface IncomeGroup {
  instrumentId: string
  internalFen: number
  externalFen: number
}

/** The pure twin of the repository's income GROUP BY: charges and fees of `year` per instrument, by instrument id. */
export function groupIncome(entries: readonly IncomeEntry[], year: number): IncomeGroup[] {
  const groups = new Map<string, IncomeGroup>()
  for (const e of entries) {
    if (e.monthOrd < year * 12 || e.monthOrd >= year * 12 + 12) continue
    let group = groups.get(e.instrumentId)
    if (!group) {
      group = { instrumentId: e.instrumentId, internalFen: 0, externalFen: 0 }
      groups.set(e.instrumentId, group)
    }
    if (e.payerInstitutionId === e.providerInstitutionId) group.internalFen += e.chargeFen
    else group.externalFen += e.chargeFen
  }
  return [...groups.values()].sort((a, b) => compareText(a.instrumentId, b.instrumentId))
}
