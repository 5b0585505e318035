import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { nodeDocsAssets } from '../../src/docs-assets-node.js'
import { deliverDueMail } from '../../src/services/mail.js'
import type { RuntimeFacts } from '../../src/services/operations.js'
import { createWorld, PUBLIC_URL, type World } from '../support/world.js'
import { browser } from './client.js'
import { html } from './html.js'

/** 运行状况 /platform/operations: the platform admin's view of version, database, backups and the e-mail outbox. */

const withRuntime = (world: World, runtime: RuntimeFacts): World => ({
  ...world,
  app: createApp(world.deps, { docsAssets: nodeDocsAssets, publicUrl: PUBLIC_URL, runtime }),
})

describe('the operations page', () => {
  it('shows version, database size, backups newest first and the outbox with its failures', async () => {
    const base = await createWorld()
    // two backup sets as src/server/backups.ts `describeBackups` reads them, oldest first
    const sets = [
      { name: '2027-03-01T00-00-00-000Z', bytes: 2048, at: Date.parse('2027-03-01T00:00:05Z') },
      { name: '2027-03-01T01-00-00-000Z', bytes: 3 * 1024 * 1024, at: Date.parse('2027-03-01T01:00:05Z') },
    ]
    const world = withRuntime(base, {
      version: '0.1.0',
      commit: 'abc123def456',
      mail: 'smtp',
      backups: { dir: '/var/backups/yongzhou', list: async () => sets },
    })
    const instrument = await world.instrument({ requiresApproval: true })
    await world.call('POST', '/reservations', {
      token: world.accounts.researcherZs.token,
      body: { instrumentId: instrument.id, start: '2027-03-02T09:00:00+08:00', end: '2027-03-02T10:00:00+08:00' },
    })
    const refusing = {
      send: async () => {
        throw new Error('451 <try later>')
      },
    }
    await deliverDueMail(world.deps, { transport: refusing, publicUrl: PUBLIC_URL }, world.clock())

    const admin = browser(world)
    admin.signInAs(world.accounts.platform)
    const page = await admin.get('/platform/operations')
    expect(page.status).toBe(200)
    const doc = html(page)
    expect(doc.text('#ops-version')).toBe('0.1.0')
    expect(doc.text('#ops-commit')).toBe('abc123def456')
    expect(doc.text('#ops-database')).toMatch(/^\d+(\.\d)? (KB|MB)$/)
    const files = doc.select('#backups tbody tr').map((row) => row.text)
    expect(files).toHaveLength(2)
    expect(files[0]).toContain('2027-03-01T01-00-00-000Z')
    expect(files[0]).toContain('3.0 MB')
    expect(files[1]).toContain('2.0 KB')
    expect(doc.text('#outbox-due')).toContain('1')
    expect(doc.text('#outbox')).toContain('451 <try later>') // escaped text, not markup
    expect(doc.text('#outbox')).toContain('邮件经 SMTP 发送')
    expect(html(await admin.get('/platform')).has('a[href="/platform/operations"]')).toBe(true)
  })

  it('says what is not configured, and is the platform admin’s only', async () => {
    const world = await createWorld()
    const admin = browser(world)
    admin.signInAs(world.accounts.platform)
    const page = await admin.get('/platform/operations?lang=en')
    expect(page.status).toBe(200)
    expect(html(page).text('#backups')).toContain('No backup folder is configured (BACKUP_DIR).')
    expect(html(page).text('#outbox')).toContain('notifications stay in the app')
    expect(html(page).text('#ops-version')).toBe('unknown')
    for (const who of [world.accounts.adminNbu, world.accounts.talent, world.accounts.researcherZs]) {
      const other = browser(world)
      other.signInAs(who)
      expect((await other.get('/platform/operations')).status).toBe(403)
    }
    expect((await browser(world).get('/platform/operations')).status).toBe(303)
  })
})
