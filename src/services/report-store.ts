/*
 * Where sample-order report PDFs are kept: a folder on Node (REPORTS_DIR, report-store-node.ts), an R2 bucket on
 * Workers (`r2ReportStore`, the REPORTS binding of wrangler.toml). The services see only this interface; each runtime
 * builds its store once and hands it to the app (AppOptions.reports) and to the demo seed.
 */

export interface ReportStore {
  /** Stores the bytes under `key`, replacing nothing a reader could see half-written. */
  put(key: string, bytes: Uint8Array): Promise<void>
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>
  /** Removes `key` (nothing when it is absent). */
  delete(key: string): Promise<void>
}

/** The keys a store accepts: what `reportKeyOf` makes, so a key can never leave the store's folder or bucket. */
export const REPORT_KEY = /^order-[A-Za-z0-9-]{1,100}-[A-Za-z0-9]{1,40}\.pdf$/

/**
 * The key of an order's report: derived from the order's id (never from a client's file name), with a random part
 * so that two reports racing for one order never write the same key (the loser's file is removed again).
 */
export function reportKeyOf(orderId: string): string {
  const safe = orderId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 100) || 'x'
  const nonce = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `order-${safe}-${nonce}.pdf`
}

export function assertReportKey(key: string): void {
  if (!REPORT_KEY.test(key)) throw new Error(`not a report key: ${JSON.stringify(key)}`)
}

/** The part of Cloudflare's R2Bucket that the store uses (typed here, so shared code needs no Workers types). */
export interface R2BucketLike {
  put(
    key: string,
    value: ArrayBuffer | Uint8Array,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<unknown>
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>
  delete(key: string): Promise<void>
}

/** Reports in an R2 bucket (Workers); `wrangler dev` and the workers tests run a local R2 (miniflare). */
export function r2ReportStore(bucket: R2BucketLike): ReportStore {
  return {
    async put(key, bytes) {
      assertReportKey(key)
      // an R2 put is atomic: a reader sees the whole object or none
      await bucket.put(key, bytes, { httpMetadata: { contentType: 'application/pdf' } })
    },
    async get(key) {
      assertReportKey(key)
      const object = await bucket.get(key)
      return object ? new Uint8Array(await object.arrayBuffer()) : null
    },
    async delete(key) {
      assertReportKey(key)
      await bucket.delete(key)
    },
  }
}
