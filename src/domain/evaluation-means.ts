/*
 * The national means of the open-sharing evaluation (开放共享评价, DOMAIN.md "Evaluation figures"): the effective and
 * external hours large instruments are compared with. Data per year; a year without its own uses the latest earlier.
 */

export interface NationalMeans {
  /** The year these means were set for. */
  year: number
  /** 有效工作机时, hours. */
  effectiveHours: number
  /** 对外服务机时, hours. */
  externalHours: number
}

/** The means the figures of `year` are compared with: its own, else the latest earlier year's; null when none. */
export function meansInForce(all: readonly NationalMeans[], year: number): NationalMeans | null {
  let best: NationalMeans | null = null
  for (const means of all) if (means.year <= year && (best === null || means.year > best.year)) best = means
  return best
}

/** The most hours a year can have (366 days): no mean can exceed it. */
export const MAX_HOURS_IN_A_YEAR = 366 * 24
