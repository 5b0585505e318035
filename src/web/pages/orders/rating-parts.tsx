import { MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE, RATING_SCORES, type RatingSummary } from '../../../domain/ratings.js'
import type { RatingWithComment } from '../../../services/ratings.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { DEFAULT_ZONE, formatDate } from '../../format.js'

/* 用户评价: the form after a use, an instrument's averages, and the comments its admin and the talent offices read. */

const SCORES = Array.from({ length: MAX_SCORE - MIN_SCORE + 1 }, (_, i) => String(MAX_SCORE - i))

/** Three 1–5 scores (5 first) and an optional comment, posted to `action`. */
export function RatingForm({ ui, action, title }: { ui: Ui; action: string; title?: string }) {
  return (
    <PostForm ui={ui} action={action} class="stack">
      {title ? <h3>{title}</h3> : null}
      {RATING_SCORES.map((score) => (
        <Field
          id={`rating-${score}`}
          name={score}
          type="select"
          label={ui.t(`rating.${score}`)}
          required
          value="5"
          options={SCORES.map((n) => ({ value: n, label: ui.t('rating.scoreOption', { n }) }))}
        />
      ))}
      <Field
        id="rating-comment"
        name="comment"
        type="textarea"
        label={ui.t('rating.comment')}
        hint={ui.t('rating.commentHint')}
        attrs={{ maxlength: MAX_COMMENT_LENGTH }}
      />
      <div class="actions">
        <button type="submit">{ui.t('rating.submit')}</button>
      </div>
    </PostForm>
  )
}

/** The posted scores and comment as the rating input takes them (numbers; the schema checks the range). */
export const ratingValues = (fields: Record<string, string>) => ({
  timeliness: Number(fields.timeliness),
  quality: Number(fields.quality),
  staff: Number(fields.staff),
  comment: fields.comment?.trim() ? fields.comment : undefined,
})

/** "Rated 4.67 / 5 (3 ratings)", or that there is none yet. */
export function RatingSummaryLine({ ui, summary }: { ui: Ui; summary: RatingSummary | undefined }) {
  if (!summary || summary.count === 0 || summary.average === null)
    return <span class="muted rating">{ui.t('rating.none')}</span>
  return <span class="rating">{ui.t('rating.summary', { average: summary.average.toFixed(2), n: summary.count })}</span>
}

/** The averages of each score, under the summary line on the instrument's page. */
export function RatingDetail({ ui, summary }: { ui: Ui; summary: RatingSummary | undefined }) {
  if (!summary || summary.count === 0) return null
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(2))
  return (
    <p class="hint">
      {ui.t('rating.summaryParts', {
        timeliness: f(summary.timeliness),
        quality: f(summary.quality),
        staff: f(summary.staff),
      })}
    </p>
  )
}

/** The comments (newest first); the rater's name only when the service gave it (the instrument's admin). */
export function RatingComments({ ui, comments }: { ui: Ui; comments: readonly RatingWithComment[] }) {
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">{ui.t('rating.comments')}</h2>
      {comments.length === 0 ? (
        <p class="muted">{ui.t('rating.noComments')}</p>
      ) : (
        <DataTable
          rows={[...comments]}
          columns={[
            { label: ui.t('order.submittedAt'), cell: (r) => formatDate(r.createdAt, DEFAULT_ZONE, ui.lang) },
            {
              label: ui.t('rating.title'),
              cell: (r) =>
                `${ui.t(r.kind === 'order' ? 'rating.useOrder' : 'rating.useReservation')} · ${r.timeliness}/${r.quality}/${r.staff}`,
            },
            { label: ui.t('rating.comment'), cell: (r) => r.comment || '—' },
            { label: ui.t('order.requester'), cell: (r) => r.rater?.name ?? ui.t('rating.anonymous') },
          ]}
        />
      )}
    </section>
  )
}
