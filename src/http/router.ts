import { OpenAPIHono } from '@hono/zod-openapi'
import { AppError } from '../errors.js'
import type { AppEnv } from './env.js'

/** A sub-app whose zod failures become one 400 problem listing every invalid field. */
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = result.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || '(body)',
          message: issue.message,
        }))
        throw new AppError('validation', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors })
      }
    },
  })
