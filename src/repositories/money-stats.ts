import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { PriceClass } from '../domain/money/rates.js'
import type { EntryKind } from '../domain/money/statements.js'
import type { HourlyGroup, MoneyGroup } from '../domain/money/statistics.js'

/**
 * The billing entries of a year (by their months' ordinals `[fromOrd, toOrd)`), grouped in SQL as the pure
 * `groupEntries` groups them (test/repositories/money-stats.test.ts checks that the two agree).
 */
export async function listMoneyGroups(
  db: Db,
  fromOrd: number,
  toOrd: number,
  providerInstitutionId?: string,
): Promise<{ groups: MoneyGroup[]; hourly: HourlyGroup[] }> {
  const provider = providerInstitutionId ? sql`AND e.provider_institution_id = ${providerInstitutionId}` : sql``
  const [groups, hourly] = await Promise.all([
    sql<{
      from_city: string
      to_city: string
      price_class: string
      kind: string
      program_id: string | null
      charge_fen: number
      deduction_fen: number
      payable_fen: number
    }>`SELECT pay.city AS from_city, prov.city AS to_city, e.price_class, e.kind, v.program_id,
        SUM(e.charge_fen) AS charge_fen, SUM(e.deduction_fen) AS deduction_fen, SUM(e.payable_fen) AS payable_fen
      FROM billing_entries e
      JOIN institutions prov ON prov.id = e.provider_institution_id
      JOIN institutions pay ON pay.id = e.payer_institution_id
      LEFT JOIN vouchers v ON v.id = e.voucher_id
      WHERE e.month_ord >= ${fromOrd} AND e.month_ord < ${toOrd} ${provider}
      GROUP BY 1, 2, 3, 4, 5`.execute(db),
    sql<{ instrument_id: string; price_class: string; cross_city: number; minutes: number; price_minutes: number }>`
      SELECT e.instrument_id, e.price_class, (prov.city <> pay.city) AS cross_city,
        SUM(e.quantity_units) AS minutes, SUM(e.quantity_units * e.unit_price_fen) AS price_minutes
      FROM billing_entries e
      JOIN institutions prov ON prov.id = e.provider_institution_id
      JOIN institutions pay ON pay.id = e.payer_institution_id
      WHERE e.month_ord >= ${fromOrd} AND e.month_ord < ${toOrd} ${provider}
        AND e.unit = 'hour' AND e.kind IN ('charge', 'reversal')
      GROUP BY 1, 2, 3`.execute(db),
  ])
  return {
    groups: groups.rows.map((row) => ({
      fromCity: row.from_city,
      toCity: row.to_city,
      priceClass: row.price_class as PriceClass,
      kind: row.kind as EntryKind,
      programId: row.program_id,
      chargeFen: Number(row.charge_fen),
      deductionFen: Number(row.deduction_fen),
      payableFen: Number(row.payable_fen),
    })),
    hourly: hourly.rows.map((row) => ({
      instrumentId: row.instrument_id,
      priceClass: row.price_class as PriceClass,
      crossCity: Number(row.cross_city) === 1,
      billedMinutes: Number(row.minutes),
      priceMinutes: Number(row.price_minutes),
    })),
  }
}
