import { describe, expect, it } from 'vitest'
import type { UseRecord } from '../../src/domain/sharing/counting.js'
import { sharingCsv } from '../../src/services/sharing-csv.js'
import { at, institutions, MINUTE, useRecord } from '../support/use-record-fixtures.js'

describe('sharingCsv', () => {
  const header =
    'reservationId,start,end,instrumentId,instrumentName,providerInstitution,providerCity,userInstitution,userCity,shared,crossCity,machineHours,kind'

  it('starts with a BOM and the header, ends every line with CRLF', () => {
    expect(sharingCsv([], institutions)).toBe(`\uFEFF${header}\r\n`)
  })

  it('writes one row per use, by start then id, with +08:00 instants and institutions by name', () => {
    const start = at('2026-12-31T15:30:00Z')
    const csv = sharingCsv(
      [
        useRecord({ reservationId: 'b', start, end: start + 90 * MINUTE }),
        useRecord({
          reservationId: 'c',
          start: start - MINUTE,
          end: start + 20 * MINUTE,
          providerInstitutionId: 'nb-inst',
          actualStart: start,
          actualEnd: start + 1_000,
        }),
        useRecord({ reservationId: 'a', start, end: start + 90 * MINUTE, providerInstitutionId: 'nb-inst' }),
      ],
      institutions,
    )
    expect(csv.split('\r\n')).toEqual([
      `\uFEFF${header}`,
      'c,2026-12-31T23:29:00+08:00,2026-12-31T23:50:00+08:00,sem-1,Scanning electron microscope,宁波材料所,ningbo,宁波大学,ningbo,true,false,0.00,reservation',
      'a,2026-12-31T23:30:00+08:00,2027-01-01T01:00:00+08:00,sem-1,Scanning electron microscope,宁波材料所,ningbo,宁波大学,ningbo,true,false,1.50,reservation',
      'b,2026-12-31T23:30:00+08:00,2027-01-01T01:00:00+08:00,sem-1,Scanning electron microscope,浙江海洋大学,zhoushan,宁波大学,ningbo,true,true,1.50,reservation',
      '',
    ])
  })

  it('marks own-institution uses as neither shared nor cross-city', () => {
    const csv = sharingCsv([useRecord({ providerInstitutionId: 'nb-uni' })], institutions)
    expect(csv).toContain(',宁波大学,ningbo,宁波大学,ningbo,false,false,2.00,reservation\r\n')
  })

  it('marks a use an admin recorded after the fact as kind `recorded`, in the last column', () => {
    const csv = sharingCsv([useRecord({ recorded: true }), useRecord({ recorded: false })], institutions)
    const rows = csv.trim().split('\r\n').slice(1)
    expect(rows.map((row) => row.split(',').at(-1))).toEqual(['recorded', 'reservation'])
  })

  it('neutralises a formula in a user-typed name inside the file', () => {
    const csv = sharingCsv([useRecord({ instrumentName: '=cmd|" /C calc"!A0' })], institutions)
    expect(csv).toContain(`,"'=cmd|"" /C calc""!A0",`)
  })

  it('never carries a person, even if a record has one attached', () => {
    const withPerson = { ...useRecord(), userName: '张三', userEmail: 'zhang@example.org' } as UseRecord
    const csv = sharingCsv([withPerson], institutions)
    expect(csv).not.toContain('张三')
    expect(csv).not.toContain('zhang@')
    expect(csv.split('\r\n')[1]?.split(',')).toHaveLength(13)
  })
})
