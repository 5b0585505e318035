import { z } from 'zod'

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/yongzhou.db'),
  SEED: z.enum(['demo', 'none']).default('demo'),
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8).optional(),
  // true only behind a reverse proxy that appends the client's address to X-Forwarded-For
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  // server processes sharing the database file (src/server.ts); unset: one per core
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // online backups of the database and the reports folder (src/server/backups.ts); 0 minutes: none scheduled
  BACKUP_DIR: z.string().min(1).default('data/backups'),
  BACKUP_EVERY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(48),
  // files the platform writes besides the database (sample-order report PDFs), backed up with it
  REPORTS_DIR: z.string().min(1).default('data/reports'),
})

export type Config = z.infer<typeof ConfigSchema>

/** Reads the settings of API.md "Running"; a bad value stops start-up with a clear message. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = ConfigSchema.safeParse(present)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  return result.data
}
