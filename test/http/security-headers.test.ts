import { beforeEach, describe, expect, it } from 'vitest'
import { createWorld, type World } from '../support/world.js'

/**
 * Every answer carries the browser-side defences (issue 13, point 9): a Content-Security-Policy without
 * 'unsafe-inline' (pages: scripts and styles from this site only; the API: nothing active at all), no MIME sniffing,
 * no framing, no Referer. The browser tests (test/browser) visit every page and /docs under these policies and
 * fail on any violation.
 */

let world: World
beforeEach(async () => {
  world = await createWorld()
})

/** A policy as a map of directive → sources. */
const directives = (policy: string | null) =>
  new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources.join(' ')]),
  )

async function answers() {
  const sem = await world.instrument()
  const token = world.accounts.talent.token
  const auth = { headers: { Authorization: `Bearer ${token}` } }
  return {
    page: await world.app.request('/'),
    instrumentPage: await world.app.request(`/instruments/${sem.id}`),
    notFoundPage: await world.app.request('/no-such-page'),
    redirect: await world.app.request('/me'),
    errorPage: await world.app.request('/?q=%E0%A4%A'),
    stylesheet: await world.app.request('/static/app.css'),
    json: await world.app.request('/api/v1/cities'),
    problem: await world.app.request('/api/v1/no-such-thing'),
    csv: await world.app.request('/api/v1/stats/sharing.csv?year=2027', auth),
    calendar: await world.app.request(`/api/v1/instruments/${sem.id}/calendar.ics`),
    openapi: await world.app.request('/openapi.json'),
    docs: await world.app.request('/docs'),
    docsScript: await world.app.request('/docs/init.js'),
    health: await world.app.request('/healthz'),
  }
}

describe('security headers', () => {
  it('on every kind of answer: nosniff, no framing, no Referer, a policy without unsafe-inline', async () => {
    for (const [name, response] of Object.entries(await answers())) {
      expect(response.status, name).toBeLessThan(500)
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff')
      expect(response.headers.get('x-frame-options'), name).toBe('DENY')
      expect(response.headers.get('referrer-policy'), name).toBe('no-referrer')
      const policy = directives(response.headers.get('content-security-policy'))
      expect(policy.get('default-src'), name).toBe("'none'")
      expect(policy.get('frame-ancestors'), name).toBe("'none'")
      expect(policy.get('base-uri'), name).toBe("'none'")
      expect(response.headers.get('content-security-policy'), name).not.toMatch(/unsafe-(inline|eval)|\*/)
    }
  })

  it('lets the pages load their own script, stylesheet and data: favicon, and post forms to this site only', async () => {
    const { page, notFoundPage, errorPage } = await answers()
    for (const response of [page, notFoundPage, errorPage]) {
      const policy = directives(response.headers.get('content-security-policy'))
      expect(policy.get('script-src')).toBe("'self'")
      expect(policy.get('style-src')).toBe("'self'")
      expect(policy.get('img-src')).toBe("'self' data:")
      expect(policy.get('form-action')).toBe("'self'")
    }
    // what the policy allows is what the layout uses: no inline script, no style attribute, nothing from elsewhere
    const html = await page.text()
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/)
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })

  it('gives the API and its documents no active content at all, and /docs only what Swagger UI needs', async () => {
    const { json, problem, csv, calendar, openapi, docs } = await answers()
    for (const response of [json, problem, csv, calendar, openapi])
      expect([...directives(response.headers.get('content-security-policy')).keys()].sort()).toEqual([
        'base-uri',
        'default-src',
        'form-action',
        'frame-ancestors',
      ])
    const policy = directives(docs.headers.get('content-security-policy'))
    expect(policy.get('script-src')).toBe("'self'")
    expect(policy.get('connect-src')).toBe("'self'")
    expect(await docs.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
  })
})
