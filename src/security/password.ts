/**
 * Password hashing with PBKDF2-SHA256 from WebCrypto, which Node and Workers both have.
 *
 * Cloudflare's production Workers refuse PBKDF2 above 100,000 iterations per call (workerd #1346),
 * while we want at least 210,000 (OWASP's 2023 floor). So the hash chains rounds: each round's
 * output is the next round's password, 3 rounds × 70,000 iterations — the same work for an
 * attacker as 210,000 iterations, and every call within the Workers limit.
 * Stored as `pbkdf2-sha256$<rounds>x<iterations>$<salt b64>$<hash b64>`; a bare `<iterations>`
 * means one round, so the cost can change later without invalidating older hashes.
 */
const ROUNDS = 3
const ITERATIONS_PER_ROUND = 70_000
const MAX_ITERATIONS_PER_CALL = 100_000

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

async function derive(secret: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    256,
  )
  return new Uint8Array(bits)
}

async function chain(password: string, salt: Uint8Array, rounds: number, iterations: number): Promise<Uint8Array> {
  let secret: Uint8Array = new TextEncoder().encode(password)
  for (let round = 0; round < rounds; round++) secret = await derive(secret, salt, iterations)
  return secret
}

/** A well-formed hash no password matches: verifying against it when an e-mail is unknown costs the same. */
export const UNKNOWN_USER_HASH = `pbkdf2-sha256$${ROUNDS}x${ITERATIONS_PER_ROUND}$${'A'.repeat(22)}==$${'A'.repeat(43)}=`

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await chain(password, salt, ROUNDS, ITERATIONS_PER_ROUND)
  return `pbkdf2-sha256$${ROUNDS}x${ITERATIONS_PER_ROUND}$${toBase64(salt)}$${toBase64(hash)}`
}

/** The cost part of a stored hash: `3x70000`, or a bare iteration count for one round. */
function parseCost(text: string): { rounds: number; iterations: number } | null {
  const match = /^(?:(\d{1,2})x)?(\d{1,7})$/.exec(text)
  if (!match) return null
  const rounds = Number(match[1] ?? 1)
  const iterations = Number(match[2])
  if (rounds < 1 || iterations < 1 || iterations > MAX_ITERATIONS_PER_CALL * 10) return null
  return { rounds, iterations }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, costText, saltText, hashText] = stored.split('$')
  const cost = costText ? parseCost(costText) : null
  if (scheme !== 'pbkdf2-sha256' || !cost || !saltText || !hashText) return false
  const expected = fromBase64(hashText)
  const actual = await chain(password, fromBase64(saltText), cost.rounds, cost.iterations)
  if (actual.length !== expected.length) return false
  let difference = 0
  for (let i = 0; i < actual.length; i++) difference |= actual[i]! ^ expected[i]!
  return difference === 0
}
