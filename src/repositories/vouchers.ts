import type { Selectable } from 'kysely'
import type { Batch } from '../db/batch.js'
import type { Db, VoucherProgramsTable, VouchersTable } from '../db/database.js'
import type { Voucher, VoucherProgram } from '../domain/money/vouchers.js'
import type { InstitutionKind } from '../domain/types.js'
import { inChunks } from './chunks.js'
import { notifyVoucherGranted } from './notifications.js'

/* Voucher programmes, vouchers and their ledger. The ledger is written only by repositories/charges.ts. */

const programOf = (row: Selectable<VoucherProgramsTable>): VoucherProgram => ({
  id: row.id,
  name: row.name,
  city: row.city,
  coveragePercent: row.coverage_percent,
  fullCoverageBelowFen: row.full_coverage_below_fen,
  perUseCapFen: row.per_use_cap_fen,
  perHolderYearCapFen: row.per_holder_year_cap_fen,
  holderKinds: JSON.parse(row.holder_kinds) as InstitutionKind[],
  providerCities: row.provider_cities === null ? null : (JSON.parse(row.provider_cities) as string[]),
  validFrom: row.valid_from,
  validTo: row.valid_to,
  createdBy: row.created_by,
  createdAt: row.created_at,
})

const voucherOf = (row: Selectable<VouchersTable>): Voucher => ({
  id: row.id,
  programId: row.program_id,
  holderInstitutionId: row.holder_institution_id,
  amountFen: row.amount_fen,
  expiresAt: row.expires_at,
  grantedBy: row.granted_by,
  grantedAt: row.granted_at,
})

export async function insertProgram(db: Db, program: VoucherProgram): Promise<void> {
  await db
    .insertInto('voucher_programs')
    .values({
      id: program.id,
      name: program.name,
      city: program.city,
      coverage_percent: program.coveragePercent,
      full_coverage_below_fen: program.fullCoverageBelowFen,
      per_use_cap_fen: program.perUseCapFen,
      per_holder_year_cap_fen: program.perHolderYearCapFen,
      holder_kinds: JSON.stringify(program.holderKinds),
      provider_cities: program.providerCities === null ? null : JSON.stringify(program.providerCities),
      valid_from: program.validFrom,
      valid_to: program.validTo,
      created_by: program.createdBy,
      created_at: program.createdAt,
    })
    .execute()
}

export async function findProgram(db: Db, id: string): Promise<VoucherProgram | null> {
  const row = await db.selectFrom('voucher_programs').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? programOf(row) : null
}

/** Programmes, newest first (keyset paging on created_at, id). */
export async function listPrograms(
  db: Db,
  filter: { city?: string; after?: { createdAt: number; id: string }; limit: number },
): Promise<VoucherProgram[]> {
  let query = db.selectFrom('voucher_programs').selectAll()
  if (filter.city) query = query.where('city', '=', filter.city)
  if (filter.after) {
    const { createdAt, id } = filter.after
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '>', id)])]),
    )
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute()
  return rows.map(programOf)
}

export async function listProgramsByIds(db: Db, ids: readonly string[]): Promise<VoucherProgram[]> {
  const rows = await inChunks(ids, (chunk) =>
    db.selectFrom('voucher_programs').selectAll().where('id', 'in', chunk).execute(),
  )
  return rows.map(programOf)
}

/** Writes a granted voucher and its notices to the holder's researchers, in one batch. */
export async function insertVoucher(db: Db, batch: Batch, voucher: Voucher): Promise<void> {
  await batch([
    db
      .insertInto('vouchers')
      .values({
        id: voucher.id,
        program_id: voucher.programId,
        holder_institution_id: voucher.holderInstitutionId,
        amount_fen: voucher.amountFen,
        expires_at: voucher.expiresAt,
        granted_by: voucher.grantedBy,
        granted_at: voucher.grantedAt,
      })
      .compile(),
    notifyVoucherGranted(db, voucher.id, voucher.grantedAt),
  ])
}

export async function findVoucher(db: Db, id: string): Promise<Voucher | null> {
  const row = await db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? voucherOf(row) : null
}

/** Vouchers, newest grant first (keyset paging on granted_at, id). */
export async function listVouchers(
  db: Db,
  filter: {
    holderInstitutionId?: string
    programId?: string
    after?: { grantedAt: number; id: string }
    limit: number
  },
): Promise<Voucher[]> {
  let query = db.selectFrom('vouchers').selectAll()
  if (filter.holderInstitutionId) query = query.where('holder_institution_id', '=', filter.holderInstitutionId)
  if (filter.programId) query = query.where('program_id', '=', filter.programId)
  if (filter.after) {
    const { grantedAt, id } = filter.after
    query = query.where((eb) =>
      eb.or([eb('granted_at', '<', grantedAt), eb.and([eb('granted_at', '=', grantedAt), eb('id', '>', id)])]),
    )
  }
  const rows = await query.orderBy('granted_at', 'desc').orderBy('id').limit(filter.limit).execute()
  return rows.map(voucherOf)
}

/** Net deductions of each voucher (balance = amount − this). */
export async function usedOfVouchers(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await inChunks(ids, (chunk) =>
    db
      .selectFrom('voucher_ledger')
      .select(['voucher_id', (eb) => eb.fn.sum<number>('deduction_fen').as('used')])
      .where('voucher_id', 'in', chunk)
      .groupBy('voucher_id')
      .execute(),
  )
  return new Map(rows.map((row) => [row.voucher_id, Number(row.used ?? 0)]))
}

/** Net deductions of a holder under a programme in a counted year: what its yearly cap has already used. */
export async function holderYearUsed(db: Db, programId: string, holderInstitutionId: string, year: number) {
  const row = await db
    .selectFrom('voucher_ledger')
    .select((eb) => eb.fn.sum<number>('deduction_fen').as('used'))
    .where('program_id', '=', programId)
    .where('holder_institution_id', '=', holderInstitutionId)
    .where('counted_year', '=', year)
    .executeTakeFirst()
  return Number(row?.used ?? 0)
}

export interface LedgerLine {
  voucherId: string
  reservationId: string | null
  orderId: string | null
  deductionFen: number
  at: number
}

/** The ledger of vouchers, oldest first. */
export async function listLedger(db: Db, voucherIds: readonly string[]): Promise<LedgerLine[]> {
  const rows = await inChunks(voucherIds, (chunk) =>
    db
      .selectFrom('voucher_ledger')
      .select(['id', 'voucher_id', 'reservation_id', 'order_id', 'deduction_fen', 'at'])
      .where('voucher_id', 'in', chunk)
      .orderBy('id')
      .execute(),
  )
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({
      voucherId: row.voucher_id,
      reservationId: row.reservation_id,
      orderId: row.order_id,
      deductionFen: row.deduction_fen,
      at: row.at,
    }))
}

export interface Redemption {
  providerInstitutionId: string
  voucherId: string
  holderInstitutionId: string
  reservationId: string | null
  orderId: string | null
  deductionFen: number
  at: number
}

/** A programme's ledger lines of `[from, to)` (by when they were written), optionally of one provider. */
export async function listRedemptions(
  db: Db,
  programId: string,
  from: number,
  to: number,
  providerInstitutionId?: string,
): Promise<Redemption[]> {
  let query = db
    .selectFrom('voucher_ledger')
    .select([
      'id',
      'provider_institution_id',
      'voucher_id',
      'holder_institution_id',
      'reservation_id',
      'order_id',
      'deduction_fen',
      'at',
    ])
    .where('program_id', '=', programId)
    .where('at', '>=', from)
    .where('at', '<', to)
  if (providerInstitutionId) query = query.where('provider_institution_id', '=', providerInstitutionId)
  const rows = await query.orderBy('at').orderBy('id').execute()
  return rows.map((row) => ({
    providerInstitutionId: row.provider_institution_id,
    voucherId: row.voucher_id,
    holderInstitutionId: row.holder_institution_id,
    reservationId: row.reservation_id,
    orderId: row.order_id,
    deductionFen: row.deduction_fen,
    at: row.at,
  }))
}
