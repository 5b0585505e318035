import { expect } from 'vitest'
import type { RateCard } from '../../src/domain/money/rates.js'
import type { Instrument, Role } from '../../src/domain/types.js'
import { insertUser } from '../../src/repositories/users.js'
import { newId } from '../../src/security/tokens.js'
import { issueToken } from '../../src/services/auth.js'
import { runDueJobs } from '../../src/services/jobs.js'
import type { Account, World } from './world.js'

/**
 * A world with money (DOMAIN.md "Money"): an enterprise in each city with a researcher each, the Zhoushan talent
 * office, and helpers for priced instruments, programmes and vouchers made through the API. Built on createWorld's
 * world (Monday 2027-03-01 08:00 in Shanghai), so it runs on SQLite and on D1 alike.
 */

/** A field-emission SEM's card: ¥150/h internal, ¥200/h other institutions, ¥300/h enterprises, in half hours. */
export const SEM_RATES: RateCard = {
  hour: { internal: 15_000, academic: 20_000, enterprise: 30_000 },
  sample: { internal: 8_000, academic: 12_000, enterprise: 18_000 },
  chargeBasis: 'booked',
  incrementMinutes: 30,
  freeCancelHours: 24,
  lateCancelPercent: 50,
  noShowPercent: 100,
}

export const MON = (time: string) => `2027-03-01T${time}:00+08:00`
export const TUE = (time: string) => `2027-03-02T${time}:00+08:00`

async function account(world: World, name: string, role: Role, institutionId: string): Promise<Account> {
  const id = newId()
  const email = `${name}@test.yz`
  // these accounts sign in by token only: no password hash is needed
  await insertUser(
    world.db,
    { id, email, name, role, institutionId, passwordHash: 'not-a-hash', feedKey: `feed-${id}` },
    world.clock(),
  )
  return { id, email, role, institutionId, token: await issueToken(world.deps, id) }
}

export async function withMoney(world: World) {
  const institutions = {
    zsCompany: { id: newId(), name: '舟山海蓝生物科技有限公司', city: 'zhoushan', kind: 'enterprise' },
    nbCompany: { id: newId(), name: '宁波甬新材料科技有限公司', city: 'ningbo', kind: 'enterprise' },
    zsTalent: { id: newId(), name: '舟山市人才办', city: 'zhoushan', kind: 'government' },
  }
  await world.db.insertInto('institutions').values(Object.values(institutions)).execute()
  const accounts = {
    zsCompany: await account(world, 'zs-company', 'researcher', institutions.zsCompany.id),
    zsCompany2: await account(world, 'zs-company-2', 'researcher', institutions.zsCompany.id),
    nbCompany: await account(world, 'nb-company', 'researcher', institutions.nbCompany.id),
    talentZs: await account(world, 'talent-zs', 'talent_office', institutions.zsTalent.id),
  }
  const must = async (status: number, method: string, path: string, options: Parameters<World['call']>[2]) => {
    const res = await world.call(method, path, options)
    expect({ status: res.status, body: res.status === status ? null : res.text }).toEqual({ status, body: null })
    return res.json
  }
  /** A programme of `city` made by that city's talent office: 50 % by default, enterprises, every provider city. */
  const program = (city: 'ningbo' | 'zhoushan', overrides: Record<string, unknown> = {}) =>
    must(201, 'POST', '/voucher-programs', {
      token: city === 'ningbo' ? world.accounts.talent.token : accounts.talentZs.token,
      body: {
        name: city === 'ningbo' ? '宁波市科技创新券' : '舟山市科技创新券',
        city,
        coveragePercent: 50,
        validFrom: '2027-01-01',
        validTo: '2027-12-31',
        ...overrides,
      },
    })
  const voucher = async (
    programId: string,
    holderInstitutionId: string,
    amountFen: number,
    expiresAt = '2027-12-31T23:59:59+08:00',
  ) => {
    const programs = await world.call('GET', '/voucher-programs?limit=200')
    const city = programs.json.items.find((p: { id: string }) => p.id === programId)?.city
    return must(201, 'POST', '/vouchers', {
      token: city === 'ningbo' ? world.accounts.talent.token : accounts.talentZs.token,
      body: { programId, holderInstitutionId, amountFen, expiresAt },
    })
  }
  const priced = (overrides: Partial<Instrument> = {}) =>
    world.instrument({ rates: SEM_RATES, noticeMinutes: 0, ...overrides })
  const book = (who: Account, instrumentId: string, start: string, end: string, extra: Record<string, unknown> = {}) =>
    world.call('POST', '/reservations', {
      token: who.token,
      body: { instrumentId, start, end, purpose: '计费测试', ...extra },
    })
  const balance = async (voucherId: string, token = accounts.talentZs.token) =>
    (await must(200, 'GET', `/vouchers/${voucherId}`, { token })).balanceFen as number
  /** A CSV download as a spreadsheet gets it: the BOM kept (Response.text() would drop it). */
  const csv = async (path: string, token: string) => {
    const res = await world.app.request(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(await res.arrayBuffer())
  }
  /** Tokens live 30 days: a test that moves the clock further signs everyone in again. */
  const signInAgain = async () => {
    for (const who of [...Object.values(world.accounts), ...Object.values(accounts)])
      who.token = await issueToken(world.deps, who.id)
  }
  /** The background job's run at the world's clock. */
  const runJobs = () => runDueJobs(world.deps)
  return { institutions, accounts, must, program, voucher, priced, book, balance, csv, signInAgain, runJobs }
}

export type MoneyWorld = Awaited<ReturnType<typeof withMoney>>
