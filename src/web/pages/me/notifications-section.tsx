import { LANGUAGES, type Language } from '../../../domain/types.js'
import type { Notification } from '../../../services/notifications.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDateTime } from '../../format.js'

/** 通知 on 我的预约: the newest notices, marked read one by one or all at once, and their language. */
export function NotificationsSection(props: { ui: Ui; items: Notification[]; unread: number; language: Language }) {
  const { ui, items } = props
  return (
    <section id="notifications" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{ui.t('notice.title')}</h2>
      {props.unread > 0 ? (
        <PostForm ui={ui} action="/me/notifications/read-all">
          <button type="submit" class="secondary">
            {ui.t('notice.markAll')}
          </button>
        </PostForm>
      ) : null}
      {items.length === 0 ? (
        <p>{ui.t('notice.none')}</p>
      ) : (
        <ul class="notices">
          {items.map((n) => (
            <li class={n.readAt === null ? 'unread' : undefined}>
              <p>
                {n.readAt === null ? <strong>{ui.t('notice.unread')} · </strong> : null}
                <strong>{n.title}</strong>
                <br />
                {n.body}
                <br />
                <small>
                  <time datetime={new Date(n.createdAt).toISOString()}>
                    {formatDateTime(n.createdAt, DEFAULT_ZONE, ui.lang)}
                  </time>{' '}
                  · <a href={new URL(n.link).pathname}>{ui.t('notice.open')}</a>
                </small>
              </p>
              {n.readAt === null ? (
                <PostForm ui={ui} action={`/me/notifications/${encodeURIComponent(n.id)}/read`}>
                  <button type="submit" class="link">
                    {ui.t('notice.markRead')}
                  </button>
                </PostForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <PostForm ui={ui} action="/me/language">
        <Field
          id="notice-language"
          name="language"
          type="select"
          label={ui.t('notice.language')}
          hint={ui.t('notice.languageHint')}
          value={props.language}
          options={LANGUAGES.map((lang) => ({ value: lang, label: ui.t(`notice.lang.${lang}`) }))}
          class="inline"
        />
        <button type="submit">{ui.t('notice.languageSave')}</button>
      </PostForm>
    </section>
  )
}
