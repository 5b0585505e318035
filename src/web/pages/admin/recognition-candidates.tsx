import type { Institution, Instrument } from '../../../domain/types.js'
import type { RecognitionCandidate } from '../../../services/recognitions.js'
import { DataTable } from '../../components/data-table.js'
import { Field } from '../../components/field.js'
import { Hidden, PostForm } from '../../components/post-form.js'
import type { Ui } from '../../env.js'
import { isoDate } from '../../format.js'

/** An institution and, below it, its city. */
export function InstitutionPlace(props: { institution: Institution; cityOf: (code: string) => string }) {
  return (
    <>
      {props.institution.name}
      <br />
      <small class="muted">{props.cityOf(props.institution.city)}</small>
    </>
  )
}

/** Its instruments of the same model on which people are trained, and how many on each. */
function TheirInstruments({ ui, candidate }: { ui: Ui; candidate: RecognitionCandidate }) {
  return (
    <ul class="plain">
      {candidate.instruments.map((i) => (
        <li>
          <a href={`/instruments/${i.id}`}>{i.name}</a> ({i.model}) ·{' '}
          {ui.t('recognition.people', { n: i.qualifiedPeople })}
        </li>
      ))}
    </ul>
  )
}

/** Recognise this institution, until revoked or until a date. */
function RecogniseForm({
  ui,
  instrument,
  candidate,
}: {
  ui: Ui
  instrument: Instrument
  candidate: RecognitionCandidate
}) {
  if (candidate.recognitionId !== null) return <span class="badge ok">{ui.t('recognition.already')}</span>
  const id = candidate.institution.id
  return (
    <PostForm ui={ui} action={`/admin/instruments/${instrument.id}/recognitions`} class="decision">
      <Hidden name="issuingInstitutionId" value={id} />
      <Field
        id={`recognise-until-${id}`}
        name="expiresAt"
        type="date"
        label={ui.t('recognition.expiresAt')}
        attrs={{ min: isoDate(ui.now, instrument.timezone) }}
      />
      <button type="submit">{ui.t('recognition.recognise')}</button>
    </PostForm>
  )
}

/**
 * The institutions the platform found for this instrument: those with people trained on an instrument of the same
 * category and model. Chosen from this list only; nobody types an institution's id.
 */
export function CandidatesSection(props: {
  ui: Ui
  instrument: Instrument
  candidates: RecognitionCandidate[]
  cityOf: (code: string) => string
}) {
  const { ui, instrument, candidates } = props
  const model = instrument.model.trim()
  return (
    <>
      <h3 id="candidates-h">{ui.t('recognition.candidates')}</h3>
      {model === '' ? (
        <p class="muted">{ui.t('recognition.noModel')}</p>
      ) : candidates.length === 0 ? (
        <p class="muted">{ui.t('recognition.noCandidates', { model })}</p>
      ) : (
        <>
          <p class="hint">{ui.t('recognition.candidatesHint', { model })}</p>
          <DataTable
            rows={candidates}
            rowId={(candidate) => `candidate-${candidate.institution.id}`}
            columns={[
              {
                label: ui.t('recognition.institution'),
                rowHeader: true,
                cell: (candidate) => <InstitutionPlace institution={candidate.institution} cityOf={props.cityOf} />,
              },
              {
                label: ui.t('recognition.qualifiedPeople'),
                numeric: true,
                cell: (candidate) => String(candidate.qualifiedPeople),
              },
              {
                label: ui.t('recognition.theirInstruments'),
                cell: (candidate) => <TheirInstruments ui={ui} candidate={candidate} />,
              },
              {
                label: ui.t('recognition.recognise'),
                actions: true,
                cell: (candidate) => <RecogniseForm ui={ui} instrument={instrument} candidate={candidate} />,
              },
            ]}
          />
        </>
      )}
    </>
  )
}
