import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import SQLite from 'better-sqlite3'
import { SERVER_ARGS } from './built-server.js'

/**
 * Real server processes for tests that need more than app.request(): several processes on one SQLite file,
 * or a process killed with SIGKILL. They run the compiled `dist/server.js`, as `npm start` does (built by
 * the vitest globalSetup test/support/built-server.ts).
 */

const ROOT = new URL('../..', import.meta.url).pathname

export const SERVER_ADMIN = { email: 'root@server-process.test', password: 'server-process-admin-password' }

export interface ServerProcess {
  name: string
  base: string
  child: ChildProcess
  output: string[]
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  exit: { code: number | null; signal: NodeJS.Signals | null } | null
}

/** A port the OS says is free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

/**
 * Starts the compiled server on 127.0.0.1 with SEED=none, a bootstrap platform admin (SERVER_ADMIN), one
 * process (WEB_CONCURRENCY=1, so that its pid is the server's) and no scheduled backups, unless `env` says
 * otherwise.
 */
export function startServer(
  name: string,
  port: number,
  databasePath: string,
  env: Record<string, string> = {},
): ServerProcess {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      SEED: 'none',
      WEB_CONCURRENCY: '1',
      BACKUP_EVERY_MINUTES: '0',
      BOOTSTRAP_ADMIN_EMAIL: SERVER_ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: SERVER_ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk))
  const server: ServerProcess = { name, base: `http://127.0.0.1:${port}`, child, output, exit: null, exited: null! }
  server.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      server.exit = { code, signal }
      resolve(server.exit)
    })
  })
  return server
}

export const logOf = (server: ServerProcess) => `--- ${server.name} output ---\n${server.output.join('')}`

export async function waitForHealth(server: ServerProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exit) throw new Error(`${server.name} exited early (${JSON.stringify(server.exit)})\n${logOf(server)}`)
    try {
      const response = await fetch(`${server.base}/healthz`)
      if (response.status === 200 && ((await response.json()) as { ok?: unknown }).ok === true) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${server.name} never answered /healthz\n${logOf(server)}`)
}

/** SIGTERM, then wait for the exit; a process that does not stop in time is killed and reported. */
export async function stopServer(server: ServerProcess, timeoutMs = 15_000) {
  if (!server.exit) server.child.kill('SIGTERM')
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref())
  if ((await Promise.race([server.exited, timeout])) === 'timeout') {
    server.child.kill('SIGKILL')
    await server.exited
    throw new Error(`${server.name} did not stop within ${timeoutMs} ms of SIGTERM\n${logOf(server)}`)
  }
  return server.exit!
}

/** `kill -9`: no shutdown handler runs, nothing is flushed; resolves once the process is gone. */
export async function killServer(server: ServerProcess) {
  if (!server.exit) server.child.kill('SIGKILL')
  return server.exited
}

export interface Answer {
  status: number
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  json: any
  text: string
  headers: Headers
}

export async function callServer(
  server: ServerProcess,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${server.base}/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await response.text()
  const json = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined
  return { status: response.status, json, text, headers: response.headers }
}

/** Like callServer, but the answer must have the given status; returns its JSON. */
export async function mustServer(
  status: number,
  server: ServerProcess,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const result = await callServer(server, method, path, options)
  if (result.status !== status)
    throw new Error(`${method} ${path} on ${server.name}: expected ${status}, got ${result.status} ${result.text}`)
  return result.json
}

/** Runs `task` over `items` with at most `limit` at a time (password hashing is slow on purpose). */
export async function mapLimited<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Opens the database file directly beside (or after) the server processes; WAL allows the reader. */
export function readDatabaseFile<T>(path: string, read: (sqlite: SQLite.Database) => T, readonly = true): T {
  const sqlite = new SQLite(path, { readonly })
  try {
    return read(sqlite)
  } finally {
    sqlite.close()
  }
}

const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }))

export interface ServerWorld {
  adminToken: string
  institutionAdminToken: string
  providerId: string
  visitorInstitutionId: string
  researchers: { id: string; email: string; token: string }[]
  createInstrument(name: string, rules?: Record<string, unknown>): Promise<{ id: string }>
}

/**
 * Builds a small world through the API of a freshly started server (SEED=none): two cities, a provider
 * institution with its admin, a visiting institution and `crowd` researchers of it, signed in.
 * `servers` take turns so that every process does its share.
 */
export async function populateServer(servers: ServerProcess[], crowd: number, prefix = 'r'): Promise<ServerWorld> {
  const first = servers[0]!
  const adminToken = (await mustServer(200, first, 'POST', '/auth/login', { body: SERVER_ADMIN })).token as string
  const asAdmin = { token: adminToken }
  const cities = (await mustServer(200, first, 'GET', '/cities')).items.map((c: { code: string }) => c.code)
  for (const [code, name] of [
    ['ningbo', '宁波'],
    ['zhoushan', '舟山'],
  ] as const)
    if (!cities.includes(code)) await mustServer(201, first, 'POST', '/cities', { ...asAdmin, body: { code, name } })
  const suffix = Math.random().toString(36).slice(2, 8)
  const providerId = (
    await mustServer(201, first, 'POST', '/institutions', {
      ...asAdmin,
      body: { name: `宁波大学 ${suffix}`, city: 'ningbo', kind: 'university' },
    })
  ).id as string
  const visitorInstitutionId = (
    await mustServer(201, first, 'POST', '/institutions', {
      ...asAdmin,
      body: { name: `浙江海洋大学 ${suffix}`, city: 'zhoushan', kind: 'university' },
    })
  ).id as string
  const password = 'researcher-password-1'
  const adminEmail = `admin-${suffix}@nbu.test`
  await mustServer(201, first, 'POST', '/users', {
    ...asAdmin,
    body: { email: adminEmail, name: '宁大设备处', password, role: 'institution_admin', institutionId: providerId },
  })
  const institutionAdminToken = (
    await mustServer(200, first, 'POST', '/auth/login', { body: { email: adminEmail, password } })
  ).token as string
  const researchers = await mapLimited(
    Array.from({ length: crowd }, (_, i) => i),
    4,
    async (i) => {
      const server = servers[i % servers.length]!
      const email = `${prefix}-${suffix}-${i}@zjou.test`
      const user = await mustServer(201, server, 'POST', '/users', {
        ...asAdmin,
        body: { email, name: `研究员 ${i}`, password, role: 'researcher', institutionId: visitorInstitutionId },
      })
      const { token } = await mustServer(200, servers[(i + 1) % servers.length]!, 'POST', '/auth/login', {
        body: { email, password },
      })
      return { id: user.id as string, email, token: token as string }
    },
  )
  const createInstrument = (name: string, rules: Record<string, unknown> = {}) =>
    mustServer(201, first, 'POST', '/instruments', {
      token: institutionAdminToken,
      body: {
        institutionId: providerId,
        name,
        category: 'electron-optics',
        openingHours: everyDay,
        noticeMinutes: 0,
        horizonDays: 30,
        ...rules,
      },
    })
  return { adminToken, institutionAdminToken, providerId, visitorInstitutionId, researchers, createInstrument }
}
