import { describe, expect, it } from 'vitest'
import { TUE, withMoney } from '../support/money-world.js'
import { createResearchers, createWorld } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/*
 * The dashboard's money: income by direction and class and the deductions by programme — the figures of
 * GET /stats/money — and the mean price per hour of same-city and cross-city users of each class, side by side.
 */

async function world2027() {
  const world = await createWorld()
  const money = await withMoney(world)
  const sem = await money.priced()
  const [nimteResearcher] = await createResearchers(world, 1, world.institutions.nimte.id, 'nimte')
  const program = await money.program('zhoushan')
  const voucher = await money.voucher(program.id, money.institutions.zsCompany.id, 200_000)
  // a Ningbo institute's researcher and a Zhoushan university's: both academic, ¥200 an hour; a Zhoushan
  // enterprise's with its voucher: ¥300, half of it deducted
  for (const [who, start, end, extra] of [
    [nimteResearcher!, '09:00', '10:00', {}],
    [world.accounts.researcherZs, '10:00', '11:30', {}],
    [money.accounts.zsCompany, '13:00', '14:00', { voucherId: voucher.id }],
  ] as const)
    expect((await money.book(who, sem.id, TUE(start), TUE(end), extra)).status).toBe(201)
  world.clock.set(TUE('14:01'))
  await money.runJobs()
  return { world, money }
}

describe('the dashboard’s money', () => {
  it('shows the income by direction and class, and the deductions by programme, as GET /stats/money counts them', async () => {
    const { world } = await world2027()
    const b = browser(world)
    b.signInAs(world.accounts.talent)
    const doc = html(await b.get('/dashboard'))
    const api = (await world.call('GET', '/stats/money', { token: world.accounts.talent.token })).json
    expect(api.totals).toMatchObject({ chargeFen: 20_000 + 30_000 + 30_000, deductionFen: 15_000 })
    expect(doc.text('#income-total')).toContain('¥800.00')
    expect(doc.text('#income-total')).toContain('¥150.00')
    expect(doc.text('#income-total')).toContain('¥650.00')
    expect(doc.text('#income-zhoushan-ningbo')).toMatch(/舟山 → 宁波\s+¥600\.00\s+¥0\.00\s+¥150\.00\s+¥450\.00/)
    expect(doc.text('#income-ningbo-ningbo')).toMatch(/宁波 → 宁波\s+¥200\.00/)
    expect(doc.text('#income-class-enterprise')).toMatch(/企业\s+¥300\.00\s+¥0\.00\s+¥150\.00\s+¥150\.00/)
    const program = api.deductionsByProgram[0]
    expect(doc.text(`#deductions-${program.programId}`)).toMatch(/舟山市科技创新券\s+舟山\s+¥150\.00/)
  })

  it('puts the mean price per hour of same-city and cross-city users side by side, equal as the data has it', async () => {
    const { world } = await world2027()
    const b = browser(world)
    b.signInAs(world.accounts.talent)
    const doc = html(await b.get('/dashboard'))
    const means = doc.select('#hourly-academic [data-mean]').map((el) => el.getAttribute('data-mean'))
    expect(means).toEqual(['20000', '20000'])
    const row = doc.text('#hourly-academic')
    expect(row).toContain('¥200.00/小时')
    expect(row).toContain('1 小时') // same-city hours (weighted on the same instrument)
    expect(row).toContain('1.5 小时')
    expect(row).toContain('¥0.00（相同）')
    // the enterprise class had no same-city user: nothing to compare, nothing claimed
    expect(doc.text('#hourly-enterprise')).toContain('—')
    // the chart draws the classes compared: two bars of ¥200
    const bars = doc.select('#same-city svg rect.chart-bar title').map((t) => t.text)
    expect(bars).toEqual(['校外 · 同城用户: ¥200', '校外 · 跨城用户: ¥200'])
    expect(doc.text('#same-city svg desc')).toContain('校外 ¥200.00/小时 / ¥200.00/小时')

    const english = html(await b.get('/dashboard?lang=en'))
    expect(english.text('#same-city-h')).toBe('Same-city treatment: the mean price per hour of each class')
    expect(english.text('#hourly-academic')).toContain('¥0.00 (equal)')
  })

  it('shows an institute admin the money of its own instruments only', async () => {
    const { world } = await world2027()
    const b = browser(world)
    b.signInAs(world.accounts.adminZjou) // 浙江海洋大学 owns no priced instrument
    const doc = html(await b.get('/dashboard'))
    expect(doc.text('#income-total')).toContain('¥0.00')
    expect(doc.text('#income-total')).not.toContain('¥800.00')
  })
})
