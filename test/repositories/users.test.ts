import { expect, it } from 'vitest'
import { insertUser, listUsers } from '../../src/repositories/users.js'
import { testDatabase } from '../support/database.js'

it('searches accounts by e-mail or name, taking % and _ literally', async () => {
  const { db } = testDatabase()
  const add = (id: string, email: string, name: string) =>
    insertUser(db, { id, email, name, role: 'platform_admin', institutionId: null, passwordHash: 'x', feedKey: id }, 1)
  await add('a', 'wang.hai@demo.yz', '王海洋')
  await add('b', 'chen_xw@demo.yz', '陈晓雯')
  await add('c', 'li100%@demo.yz', '李明')
  expect((await listUsers(db, '海洋', 10)).map((u) => u.id)).toEqual(['a'])
  expect((await listUsers(db, 'WANG', 10)).map((u) => u.id)).toEqual(['a'])
  expect((await listUsers(db, '_', 10)).map((u) => u.id)).toEqual(['b'])
  expect((await listUsers(db, '%', 10)).map((u) => u.id)).toEqual(['c'])
  expect(await listUsers(db, '', 10)).toHaveLength(3)
})
