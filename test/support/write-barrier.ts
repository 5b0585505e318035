import type { Batch } from '../../src/db/batch.js'

/**
 * Holds every atomic write of `deps` until `count` are waiting, then lets them all go: every racing
 * request has done its reads and rule checks, so only the guarded write itself can tell them apart.
 * Opens by itself after `timeoutMs`, so a test that never reaches `count` fails rather than hangs.
 */
export function holdWritesUntil(deps: { batch: Batch }, count: number, timeoutMs = 15_000) {
  const original = deps.batch
  const waiting: (() => void)[] = []
  let open = false
  let reached = false
  const release = () => {
    open = true
    for (const go of waiting.splice(0)) go()
  }
  const timer = setTimeout(release, timeoutMs)
  deps.batch = async (queries) => {
    if (!open)
      await new Promise<void>((go) => {
        waiting.push(go)
        if (waiting.length >= count) {
          reached = true
          clearTimeout(timer)
          release()
        }
      })
    return original(queries)
  }
  return {
    reached: () => reached,
    restore: () => {
      clearTimeout(timer)
      deps.batch = original
    },
  }
}
