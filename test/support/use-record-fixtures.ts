import type { Institutions, UseRecord } from '../../src/domain/sharing/counting.js'

/** Fixtures of the sharing statistics' tests: four institutions in three cities and a use between two of them. */

export const at = (iso: string) => Date.parse(iso)
export const MINUTE = 60_000

export const institutions: Institutions = new Map([
  ['nb-uni', { name: '宁波大学', city: 'ningbo' }],
  ['nb-inst', { name: '宁波材料所', city: 'ningbo' }],
  ['zs-uni', { name: '浙江海洋大学', city: 'zhoushan' }],
  ['sh-inst', { name: '上海某研究所', city: 'shanghai' }],
])
export const cities = ['ningbo', 'shanghai', 'zhoushan']

let nextId = 0

/** A completed two-hour use of a Zhoushan instrument by a Ningbo researcher, with a fresh id unless given one. */
export const useRecord = (overrides: Partial<UseRecord> = {}): UseRecord => {
  nextId += 1
  return {
    reservationId: `r${String(nextId).padStart(3, '0')}`,
    start: at('2027-03-01T09:00:00+08:00'),
    end: at('2027-03-01T11:00:00+08:00'),
    status: 'completed',
    actualStart: null,
    actualEnd: null,
    instrumentId: 'sem-1',
    instrumentName: 'Scanning electron microscope',
    category: 'electron-optics',
    providerInstitutionId: 'zs-uni',
    userInstitutionId: 'nb-uni',
    recorded: false,
    ...overrides,
  }
}
