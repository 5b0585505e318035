import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { createWorld, PASSWORD, PUBLIC_URL } from '../support/world.js'

describe('request log', () => {
  it('writes one line per request with method, path, status and ms, and no secret', async () => {
    const world = await createWorld()
    const lines: Record<string, unknown>[] = []
    const app = createApp(world.deps, {
      docsAssets: nodeDocsAssets,
      publicUrl: PUBLIC_URL,
      log: (entry) => lines.push(entry),
    })
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: world.accounts.researcherZs.email, password: PASSWORD }),
    })
    const { token } = (await login.json()) as { token: string }
    await app.request('/api/v1/me/calendar.ics?key=secret-feed-key', { headers: { Authorization: `Bearer ${token}` } })
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ method: 'POST', path: '/api/v1/auth/login', status: 200 })
    expect(typeof lines[0]!.ms).toBe('number')
    const text = JSON.stringify(lines)
    for (const secret of [PASSWORD, token, 'secret-feed-key', world.accounts.researcherZs.email])
      expect(text).not.toContain(secret)
  })
})
