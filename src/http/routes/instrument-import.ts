import { createRoute, z } from '@hono/zod-openapi'
import { AppError, invalid } from '../../errors.js'
import { Id } from '../../services/inputs/instant.js'
import { importInstruments } from '../../services/instrument-import.js'
import { currentUser, signedIn } from '../auth.js'
import { createRouter } from '../router.js'
import { bearer, json, problems } from '../schemas.js'

const ImportReportSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(
      z.object({
        row: z.number().int().openapi({ description: 'the spreadsheet’s row number; the header is row 1' }),
        column: z.string().openapi({ description: 'the header’s name as the sheet writes it' }),
        message: z.string(),
        code: z.string().openapi({ description: 'a stable code of the kind of error' }),
      }),
    ),
    dryRun: z.boolean(),
    written: z.boolean().openapi({ description: 'the import took effect: not a dry run, and not a single error' }),
  })
  .openapi('ImportReport')

const ImportForm = z.object({
  file: z.file().openapi({
    type: 'string',
    format: 'binary',
    description:
      'CSV (UTF-8, BOM optional) or XLSX; first row the headers 仪器名称, 资产编号, 型号, … (README “Import”)',
  }),
})

export const instrumentImportRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/instruments/import',
    tags: ['instruments'],
    summary:
      'Import the institution’s instrument list in the national platform’s shape: all rows or none; dryRun=true only reports',
    security: bearer,
    middleware: [signedIn] as const,
    request: {
      query: z.object({
        institutionId: Id.optional().openapi({ description: 'default: the institute admin’s own institution' }),
        dryRun: z.enum(['true', 'false']).optional(),
      }),
      // optional here so that a body of another type reaches the handler and is answered 415, not 400
      body: { content: { 'multipart/form-data': { schema: ImportForm } }, required: false },
    },
    responses: {
      200: json(ImportReportSchema, 'What the sheet creates, updates and leaves unchanged, and every bad cell'),
      ...problems('validation', 'forbidden', 'not-found', 'precondition-failed', 'too-large', 'unsupported-media-type'),
    },
  }),
  async (c) => {
    const user = currentUser(c)
    const { institutionId, dryRun } = c.req.valid('query')
    if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
      throw new AppError(
        'unsupported-media-type',
        'Send the file as multipart/form-data in the field `file` (CSV in UTF-8 or XLSX).',
      )
    const institution = institutionId ?? user.institutionId
    if (!institution) throw invalid('institutionId', 'required: the institution whose instruments these are')
    // zod types the part as its own minimal File; at run time it is the runtime's File, a Blob
    const file = c.req.valid('form').file as unknown as Blob
    const report = await importInstruments(c.var.deps, user, institution, new Uint8Array(await file.arrayBuffer()), {
      dryRun: dryRun === 'true',
    })
    return c.json(report, 200)
  },
)
