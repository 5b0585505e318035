import type { Child } from 'hono/jsx'
import { CSRF_FIELD } from '../csrf.js'
import type { Ui } from '../env.js'

export function CsrfField({ ui }: { ui: Ui }) {
  return <input type="hidden" name={CSRF_FIELD} value={ui.csrf} />
}

/** A POST form carrying the CSRF token; `multipart` for one that uploads a file. */
export function PostForm(props: {
  ui: Ui
  action: string
  class?: string
  id?: string
  multipart?: boolean
  children?: Child
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      id={props.id}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
    >
      <CsrfField ui={props.ui} />
      {props.children}
    </form>
  )
}

/** A hidden field (`back`, `version`, …). */
export const Hidden = ({ name, value }: { name: string; value: string }) => (
  <input type="hidden" name={name} value={value} />
)
