import type { ErrorCode } from '../errors.js'
import { describeCodes, groupByStatus } from './schemas.js'

/*
 * The OpenAPI document documents every status an operation can answer (API.md "Additions"), not only `default`.
 * A route lists what its service throws (schemas.ts `problems`); what the operation's shape brings is added here,
 * from the generated operation itself, so it can never be forgotten on a new route.
 */

/** A problem response as the generated document writes it: the registered Problem component by reference. */
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'])

interface Operation {
  parameters?: { in: string; name: string }[]
  requestBody?: unknown
  responses?: Record<string, { description?: string }>
}

/** The problem codes an operation answers because of its shape (API.md, "Conventions"). */
export function shapeProblems(operation: Operation): ErrorCode[] {
  const parameters = operation.parameters ?? []
  const codes: ErrorCode[] = ['unauthenticated'] // a bad bearer token is refused on every operation
  if (parameters.length > 0 || operation.requestBody) codes.push('validation')
  // an id that names nothing, or something the caller may not see
  if (parameters.some((p) => p.in === 'path' && /(^id|Id)$/.test(p.name))) codes.push('not-found')
  if (operation.requestBody) codes.push('malformed-json', 'too-large', 'unsupported-media-type')
  return codes
}

const codesIn = (description: string | undefined) =>
  [...(description ?? '').matchAll(/`\/problems\/([a-z-]+)`/g)].map((match) => match[1] as ErrorCode)

/** The generated document with each operation's shape problems merged into its responses, statuses in order. */
export function withShapeProblems<T extends object>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, unknown>> }).paths ?? {}
  for (const item of Object.values(paths))
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      const operation = value as Operation
      const responses = operation.responses ?? {}
      const declared = Object.values(responses).flatMap((response) => codesIn(response.description))
      const problems = new Map(groupByStatus([...declared, ...shapeProblems(operation)]))
      const merged: Record<string, unknown> = {}
      const statuses = new Set([...Object.keys(responses), ...[...problems.keys()].map(String)])
      for (const status of [...statuses].sort()) {
        const codes = problems.get(Number(status))
        merged[status] = codes ? problemResponse(describeCodes(codes)) : responses[status]
      }
      operation.responses = merged as Operation['responses']
    }
  return document
}
