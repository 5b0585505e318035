import { describe, expect, it } from 'vitest'
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../../src/security/password.js'

const PBKDF2_LIMIT_ON_CLOUDFLARE = 100_000

describe('password hashing', () => {
  it('hashes with a per-user salt and at least 210,000 PBKDF2 iterations, none above the Workers limit per call', async () => {
    const [first, second] = await Promise.all([hashPassword('甬舟 secret'), hashPassword('甬舟 secret')])
    expect(first).not.toBe(second)
    const [scheme, cost, salt] = first.split('$')
    expect(scheme).toBe('pbkdf2-sha256')
    expect(salt).not.toBe(second.split('$')[2])
    const [rounds, iterations] = cost!.split('x').map(Number) as [number, number]
    expect(rounds * iterations).toBeGreaterThanOrEqual(210_000)
    expect(iterations).toBeLessThanOrEqual(PBKDF2_LIMIT_ON_CLOUDFLARE)
    expect(await verifyPassword('甬舟 secret', first)).toBe(true)
    expect(await verifyPassword('甬舟 Secret', first)).toBe(false)
  })

  it('still verifies a one-round hash written as a bare iteration count', async () => {
    const salt = new Uint8Array(16).fill(7)
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('pw'), 'PBKDF2', false, ['deriveBits'])
    const bits = new Uint8Array(
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 }, key, 256),
    )
    const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
    const stored = `pbkdf2-sha256$1000$${b64(salt)}$${b64(bits)}`
    expect(await verifyPassword('pw', stored)).toBe(true)
    expect(await verifyPassword('pw!', stored)).toBe(false)
  })

  it.each(['', 'plain', 'pbkdf2-sha256$abc$AAAA$AAAA', 'md5$1$AAAA$AAAA', 'pbkdf2-sha256$0x5$AAAA$AAAA'])(
    'refuses a malformed stored hash %j',
    async (stored) => {
      expect(await verifyPassword('anything', stored)).toBe(false)
    },
  )

  it('matches no password with the placeholder for unknown accounts', async () => {
    expect(await verifyPassword('', UNKNOWN_USER_HASH)).toBe(false)
    expect(await verifyPassword('demo1234', UNKNOWN_USER_HASH)).toBe(false)
  })
})
