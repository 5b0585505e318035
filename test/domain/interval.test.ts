import { describe, expect, it } from 'vitest'
import { clipIntervals, type Interval, mergeIntervals, overlaps, subtractIntervals } from '../../src/domain/interval.js'

const i = (start: number, end: number): Interval => ({ start, end })

describe('overlaps', () => {
  it.each([
    ['touching ends do not overlap', i(0, 10), i(10, 20), false],
    ['touching starts the other way', i(10, 20), i(0, 10), false],
    ['one millisecond in common', i(0, 11), i(10, 20), true],
    ['containment', i(0, 30), i(10, 20), true],
    ['identical', i(5, 6), i(5, 6), true],
    ['apart', i(0, 5), i(6, 9), false],
  ])('%s', (_name, a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected)
    expect(overlaps(b, a)).toBe(expected)
  })
})

describe('mergeIntervals', () => {
  it.each([
    ['empty list', [], []],
    ['sorts', [i(20, 30), i(0, 10)], [i(0, 10), i(20, 30)]],
    ['merges touching', [i(10, 20), i(0, 10)], [i(0, 20)]],
    ['merges overlapping and contained', [i(0, 15), i(5, 10), i(12, 30), i(40, 50)], [i(0, 30), i(40, 50)]],
    ['drops empty and inverted ones', [i(5, 5), i(9, 3), i(0, 1)], [i(0, 1)]],
  ])('%s', (_name, list, expected) => {
    expect(mergeIntervals(list)).toEqual(expected)
  })

  it('does not mutate its input', () => {
    const list = [i(10, 20), i(0, 15)]
    mergeIntervals(list)
    expect(list).toEqual([i(10, 20), i(0, 15)])
  })
})

describe('subtractIntervals', () => {
  it.each([
    ['nothing to remove', [i(0, 10)], [], [i(0, 10)]],
    ['removes the middle', [i(0, 10)], [i(3, 5)], [i(0, 3), i(5, 10)]],
    ['touching removal leaves everything', [i(0, 10)], [i(10, 20), i(-5, 0)], [i(0, 10)]],
    ['removes everything', [i(0, 10)], [i(-1, 11)], []],
    ['one cut across two pieces', [i(0, 10), i(20, 30)], [i(5, 25)], [i(0, 5), i(25, 30)]],
    ['unsorted, overlapping input is merged first', [i(5, 12), i(0, 6)], [i(11, 12), i(1, 2)], [i(0, 1), i(2, 11)]],
    ['many cuts', [i(0, 100)], [i(10, 20), i(30, 40), i(90, 110)], [i(0, 10), i(20, 30), i(40, 90)]],
  ])('%s', (_name, from, remove, expected) => {
    expect(subtractIntervals(from, remove)).toEqual(expected)
  })
})

describe('clipIntervals', () => {
  it.each([
    ['inside stays', [i(2, 4)], i(0, 10), [i(2, 4)]],
    ['cuts both sides', [i(-5, 3), i(8, 15)], i(0, 10), [i(0, 3), i(8, 10)]],
    ['touching the window is dropped', [i(-5, 0), i(10, 12)], i(0, 10), []],
    ['keeps order, does not merge', [i(5, 8), i(1, 6)], i(0, 10), [i(5, 8), i(1, 6)]],
  ])('%s', (_name, list, window, expected) => {
    expect(clipIntervals(list, window)).toEqual(expected)
  })
})
