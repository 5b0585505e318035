/** The current instant in epoch ms UTC. Passed in, so that tests can fix time. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()

export const fixedClock = (
  instant: number | string,
): Clock & { set(t: number | string): void; advance(ms: number): void } => {
  let now = typeof instant === 'number' ? instant : Date.parse(instant)
  const clock = () => now
  clock.set = (t: number | string) => {
    now = typeof t === 'number' ? t : Date.parse(t)
  }
  clock.advance = (ms: number) => {
    now += ms
  }
  return clock
}
