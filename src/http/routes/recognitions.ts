import { createRoute, z } from '@hono/zod-openapi'
import { Id, toIso, toIsoOrNull, toMs } from '../../services/inputs/instant.js'
import { RecognitionInput } from '../../services/inputs/recognition.js'
import { onePage } from '../../services/paging.js'
import {
  type RecognitionView,
  recognise,
  recognitionCandidates,
  recognitionHistory,
  recognitionsOf,
  revokeRecognition,
} from '../../services/recognitions.js'
import { currentUser, signedIn } from '../auth.js'
import { InstitutionSchema } from '../dto.js'
import { createRouter } from '../router.js'
import { bearer, json, jsonBody, listOf, named, problems } from '../schemas.js'

const InstrumentParam = z.object({ id: Id })
const RecognitionParams = z.object({ id: Id, recognitionId: Id })

const RecognitionSchema = z
  .object({
    id: z.string(),
    instrumentId: z.string(),
    issuingInstitutionId: z.string(),
    issuingInstitution: InstitutionSchema,
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    revokedAt: z.string().nullable(),
    inForce: z.boolean().openapi({ description: 'not revoked and not expired: new bookings may be made under it' }),
  })
  .openapi('Recognition')

const recognitionDto = (r: RecognitionView) => ({
  id: r.id,
  instrumentId: r.instrumentId,
  issuingInstitutionId: r.issuingInstitutionId,
  issuingInstitution: r.issuingInstitution,
  createdBy: r.createdBy,
  createdAt: toIso(r.createdAt),
  expiresAt: toIsoOrNull(r.expiresAt),
  revokedBy: r.revokedBy,
  revokedAt: toIsoOrNull(r.revokedAt),
  inForce: r.inForce,
})

const CandidateSchema = z
  .object({
    institution: InstitutionSchema,
    qualifiedPeople: z.number().int(),
    instruments: z.array(
      z.object({ id: z.string(), name: z.string(), model: z.string(), qualifiedPeople: z.number().int() }),
    ),
    recognitionId: z
      .string()
      .nullable()
      .openapi({ description: 'the recognition of this institution in force, if any' }),
  })
  .openapi('RecognitionCandidate')

const RecognitionEventSchema = z.object({
  action: z.enum(['recognised', 'revoked', 'booked', 'qualified']),
  actorId: z.string().nullable(),
  at: z.string(),
  reservationId: z.string().nullable(),
  userId: z.string().nullable(),
})

export const recognitionRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/instruments/{id}/recognitions',
      tags: ['recognitions'],
      summary: 'Recognise the qualifications another institution grants on instruments of the same category and model',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: InstrumentParam, ...jsonBody(named(RecognitionInput, 'NewRecognition')) },
      responses: {
        201: json(RecognitionSchema, 'Recognised'),
        ...problems('forbidden', 'not-found', 'duplicate', 'rule-violation'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const recognition = await recognise(c.var.deps, currentUser(c), c.req.valid('param').id, {
        issuingInstitutionId: body.issuingInstitutionId,
        expiresAt: body.expiresAt ? toMs(body.expiresAt) : null,
      })
      return c.json(recognitionDto(recognition), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/recognitions',
      tags: ['recognitions'],
      summary: 'The recognitions of an instrument, newest first, revoked and expired ones included',
      request: { params: InstrumentParam },
      responses: { 200: json(listOf(RecognitionSchema), 'Recognitions'), ...problems() },
    }),
    async (c) => {
      const items = await recognitionsOf(c.var.deps, c.req.valid('param').id)
      return c.json(onePage(items.map(recognitionDto)), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/instruments/{id}/recognitions/{recognitionId}',
      tags: ['recognitions'],
      summary: 'Revoke a recognition: no new booking under it; existing ones stay',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: RecognitionParams },
      responses: { 204: { description: 'Revoked' }, ...problems('forbidden', 'not-found', 'invalid-transition') },
    }),
    async (c) => {
      const { id, recognitionId } = c.req.valid('param')
      await revokeRecognition(c.var.deps, currentUser(c), id, recognitionId)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/recognitions/{recognitionId}/history',
      tags: ['recognitions'],
      summary: 'Every step of a recognition: recognised, bookings under it, qualifications it granted, revoked',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: RecognitionParams },
      responses: { 200: json(listOf(RecognitionEventSchema), 'Oldest first'), ...problems('forbidden', 'not-found') },
    }),
    async (c) => {
      const { id, recognitionId } = c.req.valid('param')
      const events = await recognitionHistory(c.var.deps, currentUser(c), id, recognitionId)
      return c.json(onePage(events.map((e) => ({ ...e, at: toIso(e.at) }))), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/instruments/{id}/recognition-candidates',
      tags: ['recognitions'],
      summary:
        'Institutions whose people hold qualifications on their instruments of the same category and model (its institute admin)',
      security: bearer,
      middleware: [signedIn] as const,
      request: { params: InstrumentParam },
      responses: {
        200: json(listOf(CandidateSchema), 'Most qualified people first'),
        ...problems('forbidden', 'not-found'),
      },
    }),
    async (c) => {
      const candidates = await recognitionCandidates(c.var.deps, currentUser(c), c.req.valid('param').id)
      return c.json(onePage(candidates), 200)
    },
  )
