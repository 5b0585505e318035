import type { Account, World } from '../support/world.js'
import { html } from './html.js'

export interface Page {
  status: number
  headers: Headers
  text: string
  location: string | null
  setCookies: string[]
}

/**
 * A tiny browser over `app.request`: keeps cookies, remembers the CSRF token of the last page it read and
 * posts forms with it. `signInAs(account)` puts the world account's token in the session cookie.
 */
export function browser(world: World, defaults: { headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>()
  let csrf = ''

  async function request(
    path: string,
    init: {
      method?: string
      form?: Record<string, string>
      multipart?: FormData
      headers?: Record<string, string>
    } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { ...defaults.headers, ...init.headers }
    if (jar.size > 0) headers.Cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | FormData | undefined
    if (init.multipart)
      body = init.multipart // the runtime sets the boundary
    else if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await world.app.request(path, { method: init.method ?? 'GET', headers, body })
    const setCookies = response.headers.getSetCookie()
    for (const cookie of setCookies) {
      const [pair = ''] = cookie.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (/max-age=0/i.test(cookie) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
    const page: Page = {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get('location'),
      setCookies,
    }
    if (page.headers.get('content-type')?.startsWith('text/html')) {
      const token = html(page).select('input[name="_csrf"]')[0]?.getAttribute('value')
      if (token) csrf = token
    }
    return page
  }

  return {
    jar,
    get: (path: string, headers?: Record<string, string>) => request(path, { headers }),
    /** Posts a form with the CSRF token of the last page read (override with `_csrf` in fields). */
    post: (path: string, fields: Record<string, string> = {}, headers?: Record<string, string>) =>
      request(path, { method: 'POST', form: { _csrf: csrf, ...fields }, headers }),
    /**
     * Posts a multipart form (a file upload) with the CSRF token of the last page read, unless `_csrf` is given
     * (`null`: none at all).
     */
    upload(path: string, fields: Record<string, string | File | null>) {
      const form = new FormData()
      for (const [name, value] of Object.entries({ _csrf: csrf, ...fields })) if (value !== null) form.set(name, value)
      return request(path, { method: 'POST', multipart: form })
    },
    /** Posts exactly the fields given (no CSRF token added). */
    postRaw: (path: string, fields: Record<string, string>) => request(path, { method: 'POST', form: fields }),
    signInAs(account: Account) {
      jar.set('yz_session', account.token)
    },
    get csrf() {
      return csrf
    },
  }
}

export type Browser = ReturnType<typeof browser>
