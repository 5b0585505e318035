/** The fixed list of instrument categories (API.md `GET /categories`). */
export const CATEGORIES = [
  { code: 'electron-optics', name: '电子光学仪器' },
  { code: 'analytical', name: '分析仪器' },
  { code: 'spectroscopy', name: '光谱仪器' },
  { code: 'nmr', name: '波谱仪器' },
  { code: 'chromatography-ms', name: '色谱/质谱仪器' },
  { code: 'optical-microscopy', name: '光学显微仪器' },
  { code: 'scanning-probe', name: '扫描探针显微仪器' },
  { code: 'life-science', name: '生命科学仪器' },
  { code: 'physical-testing', name: '物性测试仪器' },
  { code: 'marine', name: '海洋仪器' },
  { code: 'naval-engineering', name: '船舶与海洋工程设施' },
  { code: 'medical-imaging', name: '医学影像设备' },
  { code: 'other', name: '其他' },
] as const

export type CategoryCode = (typeof CATEGORIES)[number]['code']
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]]
