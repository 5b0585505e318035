import type { Reservation } from '../../../domain/types.js'
import { StatusBadge } from '../../components/badges.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { DayView } from './day-view.js'

/** Today's reservations on the institution's instruments, instrument by instrument. */
export function TodaySection({ view, schedule }: { view: DayView; schedule: Reservation[] }) {
  const { ui } = view
  const busy = view.instruments.filter((instrument) => schedule.some((r) => r.instrumentId === instrument.id))
  return (
    <section aria-labelledby="today-h">
      <h2 id="today-h">{ui.t('staff.admin.today')}</h2>
      {schedule.length === 0 ? <p class="muted">{ui.t('staff.admin.todayNone')}</p> : null}
      {busy.map((instrument) => (
        <div>
          <h3>{instrument.name}</h3>
          <ul>
            {schedule
              .filter((r) => r.instrumentId === instrument.id)
              .map((r) => (
                <li>
                  {view.when(r)} · {view.who(r)} <StatusBadge ui={ui} status={r.status} />
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  )
}

/** Confirmed reservations whose researcher has not come: each may be marked a no-show. */
export function NoShowSection({ view, noShows }: { view: DayView; noShows: Reservation[] }) {
  const { ui } = view
  return (
    <section aria-labelledby="noshow-h">
      <h2 id="noshow-h">{ui.t('staff.admin.noShows')}</h2>
      <p class="hint">{ui.t('staff.admin.noShowsHint')}</p>
      {noShows.length === 0 ? (
        <p class="muted">{ui.t('common.none')}</p>
      ) : (
        <ul>
          {noShows.map((r) => (
            <li>
              {view.instrumentName(r)} · {view.when(r)} · {view.who(r)}{' '}
              <PostForm ui={ui} action={view.actionPath(r, 'no-show')} class="inline">
                <Hidden name="back" value={view.back} />
                <button type="submit" class="secondary">
                  {ui.t('staff.admin.markNoShow')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
