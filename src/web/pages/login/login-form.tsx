import { Field } from '../../components/field.js'
import { Notice } from '../../components/notice.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'

export function LoginForm({ ui, next, email, error }: { ui: Ui; next: string; email: string; error?: string }) {
  return (
    <>
      <h1>{ui.t('login.title')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!error && next !== '/' ? <Notice kind="info">{ui.t('login.required')}</Notice> : null}
      <PostForm ui={ui} action="/login" class="stack">
        <Hidden name="next" value={next} />
        <Field
          id="login-email"
          name="email"
          type="email"
          label={ui.t('login.email')}
          required
          value={email}
          attrs={{ autocomplete: 'username' }}
        />
        <Field
          id="login-password"
          name="password"
          type="password"
          label={ui.t('login.password')}
          required
          attrs={{ autocomplete: 'current-password' }}
        />
        <div class="actions">
          <button type="submit">{ui.t('login.submit')}</button>
        </div>
      </PostForm>
      <p class="hint">{ui.t('login.hint')}</p>
    </>
  )
}
