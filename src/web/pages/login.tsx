import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { signIn, signOut } from '../../services/auth.js'
import type { Ui, WebEnv } from '../env.js'
import { errorText } from '../errors.js'
import { Notice, PostForm, page } from '../layout.js'
import { formFields, redirectWith, safeNext } from '../routes-kit.js'
import { endSessionCookie, signInDevice, startSession } from '../session.js'

function LoginForm({ ui, next, email, error }: { ui: Ui; next: string; email: string; error?: string }) {
  return (
    <>
      <h1>{ui.t('login.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!error && next !== '/' ? <Notice kind="info">{ui.t('login.required')}</Notice> : null}
      <PostForm ui={ui} action="/login" class="stack">
        <input type="hidden" name="next" value={next} />
        <label for="login-email">{ui.t('login.email')}</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required value={email} />
        <label for="login-password">{ui.t('login.password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        <div class="actions">
          <button type="submit">{ui.t('login.submit')}</button>
        </div>
      </PostForm>
      <p class="hint">{ui.t('login.hint')}</p>
    </>
  )
}

export const loginPages = new Hono<WebEnv>()
  .get('/login', (c) => {
    const ui = c.var.ui
    const next = safeNext(c.req.query('next'))
    return page(c, { title: ui.t('login.title'), body: <LoginForm ui={ui} next={next} email="" /> })
  })
  .post('/login', async (c) => {
    const ui = c.var.ui
    const form = await formFields(c)
    const next = safeNext(form.next)
    const email = (form.email ?? '').trim()
    try {
      const client = { address: c.var.clientAddress, device: signInDevice(c), keepsDevice: true }
      const { token, device } = await signIn(c.var.deps, email, form.password ?? '', client)
      startSession(c, token, device)
      return c.redirect(next, 303)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      const message =
        error.code === 'rate-limited'
          ? ui.t('login.rateLimited', { n: Number(error.extra.retryAfter ?? 60) })
          : error.code === 'unauthenticated'
            ? ui.t('login.failed')
            : errorText(ui, error)
      const status = error.code === 'rate-limited' ? 429 : error.code === 'unauthenticated' ? 401 : 400
      return page(c, {
        title: ui.t('login.title'),
        status,
        body: <LoginForm ui={ui} next={next} email={email} error={message} />,
      })
    }
  })
  .post('/logout', async (c) => {
    if (c.var.token) await signOut(c.var.deps, c.var.token)
    endSessionCookie(c)
    return redirectWith(c, '/', { msg: 'msg.signedOut' })
  })
