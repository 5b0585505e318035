import type { Child } from 'hono/jsx'

/** A message in words (colour only helps): `error` is announced at once (role=alert), the others politely. */
export function Notice(props: { kind: 'ok' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice ${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  )
}
