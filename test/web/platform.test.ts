import { describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

async function platformBrowser(world: World) {
  const b = browser(world)
  b.signInAs(world.accounts.platform)
  await b.get('/platform')
  return b
}

const userByEmail = (world: World, email: string) =>
  world.db
    .selectFrom('users')
    .select(['id', 'role', 'institution_id', 'active'])
    .where('email', '=', email)
    .executeTakeFirst()

describe('/platform access', () => {
  it('sends a signed-out visitor to the sign-in page', async () => {
    const world = await createWorld()
    const page = await browser(world).get('/platform')
    expect(page.status).toBe(303)
    expect(page.location).toBe('/login?next=%2Fplatform')
  })

  it.each(['adminNbu', 'talent', 'researcherZs'] as const)('refuses a %s with the 403 page', async (who) => {
    const world = await createWorld()
    const b = browser(world)
    b.signInAs(world.accounts[who])
    const page = await b.get('/platform')
    expect(page.status).toBe(403)
    expect(html(page).text()).toContain('当前账号无权进行此操作')
    await b.get('/')
    expect((await b.post('/platform/cities', { code: 'jiaxing', name: '嘉兴' })).status).toBe(403)
  })

  it('lists institutions, cities and accounts for a platform admin', async () => {
    const world = await createWorld()
    const b = browser(world)
    b.signInAs(world.accounts.platform)
    const page = await b.get('/platform')
    expect(page.status).toBe(200)
    const text = html(page).text()
    expect(text).toContain('平台管理')
    expect(text).toContain('中国科学院宁波材料技术与工程研究所 宁波 科研院所')
    expect(text).toContain('浙江海洋大学 舟山 高校')
    expect(text).toContain('admin-nbu admin-nbu@test.yz 单位管理员 宁波大学 正常')
    const found = await b.get('/platform?q=researcher-zs')
    expect(html(found).text()).toContain('researcher-zs@test.yz')
    expect(html(found).text()).not.toContain('admin-nbu@test.yz')
  })
})

describe('/platform forms', () => {
  it('adds a city and an institution in it, and refuses a duplicate', async () => {
    const world = await createWorld()
    const b = await platformBrowser(world)
    const city = await b.post('/platform/cities', { code: 'jiaxing', name: '嘉兴' })
    expect(city.location).toBe('/platform?msg=msg.staff.cityAdded')
    const institution = await b.post('/platform/institutions', {
      name: '嘉兴学院',
      city: 'jiaxing',
      kind: 'university',
    })
    expect(institution.location).toBe('/platform?msg=msg.staff.institutionAdded')
    const page = await b.get(institution.location!)
    expect(html(page).text()).toContain('单位已添加')
    expect(html(page).text()).toContain('嘉兴学院 嘉兴 高校')

    const again = await b.post('/platform/institutions', { name: '嘉兴学院', city: 'jiaxing', kind: 'university' })
    expect(again.status).toBe(409)
    expect(html(again).text()).toContain('该内容已存在')
    expect(html(again).value('#i-name')).toBe('嘉兴学院')
    const badCity = await b.post('/platform/cities', { code: 'Jia Xing', name: '嘉兴' })
    expect(badCity.status).toBe(400)
    expect(html(badCity).text()).toContain('城市代码须为小写英文字母开头')
  })

  it('creates an account of any role, which can then sign in', async () => {
    const world = await createWorld()
    const b = await platformBrowser(world)
    const created = await b.post('/platform/users', {
      email: 'talent.zs@test.yz',
      name: '舟山市人才办',
      password: 'long enough pass',
      role: 'talent_office',
      institutionId: world.institutions.zjou.id,
    })
    expect(created.location).toBe('/platform?msg=msg.staff.userCreated')
    expect(await userByEmail(world, 'talent.zs@test.yz')).toMatchObject({
      role: 'talent_office',
      institution_id: world.institutions.zjou.id,
      active: 1,
    })
    const login = await world.call('POST', '/auth/login', {
      body: { email: 'talent.zs@test.yz', password: 'long enough pass' },
    })
    expect(login.status).toBe(200)

    const short = await b.post('/platform/users', {
      email: 'x@test.yz',
      name: 'x',
      password: 'short',
      role: 'researcher',
      institutionId: world.institutions.zjou.id,
    })
    expect(short.status).toBe(400)
    expect(html(short).text()).toContain('密码至少 8 个字符')
    expect(await userByEmail(world, 'x@test.yz')).toBeUndefined()
    // the service's own rule: only a platform admin may be without an institution
    const homeless = await b.post('/platform/users', {
      email: 'y@test.yz',
      name: 'y',
      password: 'long enough pass',
      role: 'researcher',
      institutionId: '',
    })
    expect(homeless.status).toBe(400)
    expect(await userByEmail(world, 'y@test.yz')).toBeUndefined()
  })

  it('deactivates and reactivates an account', async () => {
    const world = await createWorld()
    const b = await platformBrowser(world)
    const { id } = world.accounts.researcherNb
    const off = await b.post(`/platform/users/${id}/deactivate`)
    expect(off.location).toBe('/platform?msg=msg.staff.userDeactivated')
    expect((await userByEmail(world, 'researcher-nb@test.yz'))?.active).toBe(0)
    const page = await b.get('/platform?q=researcher-nb')
    expect(html(page).text()).toContain('已停用')
    expect(html(page).has(`form[action="/platform/users/${id}/reactivate"]`)).toBe(true)
    const on = await b.post(`/platform/users/${id}/reactivate`)
    expect(on.location).toBe('/platform?msg=msg.staff.userReactivated')
    expect((await userByEmail(world, 'researcher-nb@test.yz'))?.active).toBe(1)
  })

  it('refuses to deactivate the last active platform admin, and says why', async () => {
    const world = await createWorld()
    const b = await platformBrowser(world)
    const { id } = world.accounts.platform
    const off = await b.post(`/platform/users/${id}/deactivate`)
    expect(off.status).toBe(303)
    expect(off.location).toBe('/platform?err=last-admin')
    expect((await userByEmail(world, 'platform@test.yz'))?.active).toBe(1)
    const page = await b.get(off.location!)
    expect(page.status).toBe(200)
    expect(html(page).text()).toContain('这是最后一个在用的平台管理员账号')
  })
})
