/** The researchers' fields: which instruments a researcher uses, and the note on their account. */

/** A researcher's main field: decides which instruments they use. */
export type ResearchField =
  | 'materials'
  | 'chemistry'
  | 'life'
  | 'medical'
  | 'marine-bio'
  | 'ocean'
  | 'naval'
  | 'manufacturing'

export const FIELD_NAMES: Record<ResearchField, string> = {
  materials: '新材料',
  chemistry: '化学与绿色石化',
  life: '生命科学',
  medical: '临床医学',
  'marine-bio': '海洋生物与水产',
  ocean: '海洋科学',
  naval: '船舶与海洋工程',
  manufacturing: '智能制造',
}
