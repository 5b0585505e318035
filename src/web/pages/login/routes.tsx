import type { AppError } from '../../../errors.js'
import { statusOf } from '../../../http/problem.js'
import { signIn, signOut } from '../../../services/auth.js'
import type { Ui } from '../../env.js'
import { errorText } from '../../errors.js'
import { page } from '../../layout.js'
import { onRefusal, pagesApp } from '../../refusals.js'
import { formFields, redirectWith, safeNext } from '../../routes-kit.js'
import { endSessionCookie, signInDevice, startSession } from '../../session.js'
import { LoginForm } from './login-form.js'

/** Why a sign-in failed, in words: a wrong password and the attempt limit have their own sentences. */
function refusalText(ui: Ui, error: AppError): string {
  if (error.code === 'rate-limited') return ui.t('login.rateLimited', { n: Number(error.extra.retryAfter ?? 60) })
  if (error.code === 'unauthenticated') return ui.t('login.failed')
  return errorText(ui, error)
}

export const loginRoutes = pagesApp()
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
    // every refusal, a wrong password (401) included, is the form again with the reason
    onRefusal(
      c,
      (error) =>
        page(c, {
          title: ui.t('login.title'),
          status: statusOf(error.code) as 400,
          body: <LoginForm ui={ui} next={next} email={email} error={refusalText(ui, error)} />,
        }),
      [],
    )
    const client = { address: c.var.clientAddress, device: signInDevice(c), keepsDevice: true }
    const { token, device } = await signIn(c.var.deps, email, form.password ?? '', client)
    startSession(c, token, device)
    return c.redirect(next, 303)
  })
  .post('/logout', async (c) => {
    if (c.var.token) await signOut(c.var.deps, c.var.token)
    endSessionCookie(c)
    return redirectWith(c, '/', { msg: 'msg.signedOut' })
  })
