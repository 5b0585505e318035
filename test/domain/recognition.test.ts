import { describe, expect, it } from 'vitest'
import {
  initialStatus,
  modelKey,
  recognitionFigures,
  recognitionInForce,
  sameCategoryAndModel,
} from '../../src/domain/recognition.js'

describe('modelKey: models compared after NFKC, trimming, collapsing spaces and ignoring case', () => {
  it.each([
    ['Apreo 2', 'apreo 2'],
    ['  Apreo 2  ', 'apreo 2'],
    ['APREO   2', 'apreo 2'],
    ['Apreo\t2', 'apreo 2'],
    ['Ａｐｒｅｏ　２', 'apreo 2'], // full-width letters, digit and ideographic space
    ['Ａｐｒｅｏ ２', 'apreo 2'],
    ['Apreo\u00a02', 'apreo 2'], // no-break space, as pasted from a web page
    ['JEM－2100F', 'jem-2100f'], // full-width hyphen-minus
    ['SU8010', 'su8010'],
    ['ｓｕ８０１０', 'su8010'],
    ['Ⅱ型', 'ii型'], // a Roman numeral sign decomposes under NFKC
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (model, key) => {
    expect(modelKey(model)).toBe(key)
  })

  it('keeps what differs: a space inside a model is not removed, only collapsed', () => {
    expect(modelKey('Apreo2')).not.toBe(modelKey('Apreo 2'))
    expect(modelKey('Sigma 300')).not.toBe(modelKey('Sigma 500'))
  })
})

describe('sameCategoryAndModel', () => {
  const sem = { category: 'electron-optics', model: 'Apreo 2' }
  it.each([
    [{ category: 'electron-optics', model: 'Ａｐｒｅｏ　２' }, true],
    [{ category: 'electron-optics', model: ' apreo 2 ' }, true],
    [{ category: 'electron-optics', model: 'Apreo C' }, false],
    [{ category: 'x-ray', model: 'Apreo 2' }, false],
  ])('%j → %s', (other, same) => {
    expect(sameCategoryAndModel(sem, other)).toBe(same)
    expect(sameCategoryAndModel(other, sem)).toBe(same)
  })

  it('never matches two instruments without a model', () => {
    expect(sameCategoryAndModel({ category: 'x-ray', model: '' }, { category: 'x-ray', model: ' ' })).toBe(false)
  })
})

describe('recognitionInForce', () => {
  const now = Date.parse('2027-03-01T08:00:00+08:00')
  it.each([
    [{ expiresAt: null, revokedAt: null }, true],
    [{ expiresAt: now + 1, revokedAt: null }, true],
    [{ expiresAt: now, revokedAt: null }, false], // it ends at its expiry
    [{ expiresAt: now - 1, revokedAt: null }, false],
    [{ expiresAt: null, revokedAt: now - 1 }, false],
    [{ expiresAt: now + 1000, revokedAt: now - 1 }, false],
  ])('%j → %s', (terms, inForce) => {
    expect(recognitionInForce(terms, now)).toBe(inForce)
  })
})

describe('initialStatus: the first booking under a recognition waits for the admin', () => {
  it.each([
    [{ requiresApproval: false, underRecognition: false, approvedUnderRecognitionBefore: false }, 'confirmed'],
    [{ requiresApproval: true, underRecognition: false, approvedUnderRecognitionBefore: false }, 'pending'],
    [{ requiresApproval: false, underRecognition: true, approvedUnderRecognitionBefore: false }, 'pending'],
    [{ requiresApproval: false, underRecognition: true, approvedUnderRecognitionBefore: true }, 'confirmed'],
    [{ requiresApproval: true, underRecognition: true, approvedUnderRecognitionBefore: true }, 'pending'],
  ] as const)('%j → %s', (input, status) => {
    expect(initialStatus(input)).toBe(status)
  })
})

describe('recognitionFigures', () => {
  it('counts by direction over every ordered pair of different cities, zeros included', () => {
    const figures = recognitionFigures(
      [
        { issuingCity: 'zhoushan', instrumentCity: 'ningbo' },
        { issuingCity: 'zhoushan', instrumentCity: 'ningbo' },
        { issuingCity: 'ningbo', instrumentCity: 'ningbo' }, // same city: in force, in no direction
      ],
      ['ningbo', 'taizhou', 'zhoushan'],
      7,
    )
    expect(figures).toEqual({
      inForce: 3,
      byDirection: [
        { from: 'ningbo', to: 'taizhou', count: 0 },
        { from: 'ningbo', to: 'zhoushan', count: 0 },
        { from: 'taizhou', to: 'ningbo', count: 0 },
        { from: 'taizhou', to: 'zhoushan', count: 0 },
        { from: 'zhoushan', to: 'ningbo', count: 2 },
        { from: 'zhoushan', to: 'taizhou', count: 0 },
      ],
      usesUnderRecognition: 7,
    })
  })
})
