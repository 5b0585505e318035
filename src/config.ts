import { z } from 'zod'

/**
 * `PUBLIC_URL`: the address users reach (API.md "Running"), an http(s) origin with an optional path prefix and no
 * query; kept without a trailing slash so that links are `${PUBLIC_URL}/api/v1/…`.
 */
const PublicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' })
  .refine((text) => {
    try {
      const url = new URL(text)
      return /^https?:$/.test(url.protocol) && !url.search && !url.hash && !url.username && !url.password
    } catch {
      return false
    }
  }, 'must be an http(s) address without a query, a fragment or credentials')
  .transform((text) => text.replace(/\/+$/, ''))

/** A HOST that only this machine can reach. */
export const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)

const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_PATH: z.string().min(1).default('data/yongzhou.db'),
    // sample-order report PDFs on Node (R2 on Workers): beside the database, never inside anything served;
    // backed up with it
    REPORTS_DIR: z.string().min(1).default('data/reports'),
    SEED: z.enum(['demo', 'none']).default('demo'),
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(8).optional(),
    // true only behind a reverse proxy that appends the client's address to X-Forwarded-For
    TRUST_PROXY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    // links in feeds (and later e-mails) are built from it, never from a request's Host header
    PUBLIC_URL: PublicUrl.optional(),
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
    // e-mail of notifications (README "Notifications"); unset: they stay in the app
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// address' }).optional(),
    MAIL_FROM: z
      .string()
      .regex(/^[^\r\n]+$/, 'must be one line')
      .optional(),
  })
  // The demo's accounts have a published password (README): a server others can reach must never get them
  // by default. The two-command demo binds to 127.0.0.1, so it is unaffected.
  .refine((config) => config.SEED !== 'demo' || isLoopbackHost(config.HOST), {
    path: ['SEED'],
    message:
      'SEED=demo (the default) loads demo accounts whose password is published, so it runs only on a loopback HOST ' +
      '(127.0.0.1, ::1, localhost). For a server others reach, set SEED=none and BOOTSTRAP_ADMIN_EMAIL / ' +
      'BOOTSTRAP_ADMIN_PASSWORD for the first platform admin.',
  })

export type Config = Omit<z.infer<typeof ConfigSchema>, 'PUBLIC_URL' | 'MAIL_FROM'> & {
  PUBLIC_URL: string
  MAIL_FROM: string
}

/** `http://HOST:PORT`, an IPv6 address in brackets: the default of PUBLIC_URL. */
const addressOf = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`

/** Reads the settings of API.md "Running"; a bad value stops start-up with a clear message. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = ConfigSchema.safeParse(present)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const publicUrl = result.data.PUBLIC_URL ?? addressOf(result.data.HOST, result.data.PORT)
  return {
    ...result.data,
    PUBLIC_URL: publicUrl,
    MAIL_FROM: result.data.MAIL_FROM ?? `甬舟仪享 <noreply@${new URL(publicUrl).hostname.replace(/^\[|\]$/g, '')}>`,
  }
}
