import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

// Over a real socket the client declares Content-Length, which app.request() does not: both paths need a test.
let world: World
let server: ReturnType<typeof serve>
let base: string

beforeAll(async () => {
  world = await createWorld()
  await new Promise<void>((resolve) => {
    server = serve({ fetch: world.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const post = (bytes: number) =>
  fetch(`${base}/api/v1/reservations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${world.accounts.researcherZs.token}` },
    body: JSON.stringify({ purpose: 'x'.repeat(bytes) }),
  })

it('answers a declared body over 1 MB with 413 and Connection: close', async () => {
  const response = await post(1_100_000)
  expect(response.status).toBe(413)
  expect(response.headers.get('connection')).toBe('close')
  expect(await response.json()).toMatchObject({ type: '/problems/too-large' })
})

it('lets a declared body under 1 MB through to validation', async () => {
  const response = await post(900_000)
  expect(response.status).toBe(400)
  expect(await response.json()).toMatchObject({ type: '/problems/validation' })
})
