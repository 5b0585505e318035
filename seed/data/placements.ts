/** Where each demo instrument stands: one entry per instrument, in the order the generator numbers them. */
import type { InstrumentStatus } from '../../src/domain/types.js'
import type { KindRules } from './instrument-kind.js'
import type { KindKey } from './instrument-kinds.js'
import { LONG_7, OFFICE_60 } from './opening-hours.js'

export interface Placement {
  kind: KindKey
  at: string
  model: number
  status?: InstrumentStatus
  rules?: Partial<KindRules>
  /** Reservations a year relative to the kind's base. */
  load?: number
}

const SERVICE: Partial<KindRules> = { mode: 'service', requiresQualification: false }

export const PLACEMENTS: Placement[] = [
  // 场发射扫描电镜: most in Ningbo
  { kind: 'fesem', at: 'nimte', model: 2, rules: { openingHours: LONG_7 }, load: 1.5 },
  { kind: 'fesem', at: 'nimte', model: 1, status: 'retired' },
  { kind: 'fesem', at: 'nbu', model: 0, load: 1.2 },
  { kind: 'fesem', at: 'unnc', model: 0 },
  { kind: 'fesem', at: 'eit', model: 2 },
  { kind: 'fesem', at: 'nbut', model: 1, status: 'maintenance' },
  { kind: 'fesem', at: 'tjuzj', model: 0 },
  { kind: 'fesem', at: 'yjlab', model: 2, rules: { openingHours: LONG_7 } },
  { kind: 'fesem', at: 'zjou', model: 2 }, // an Apreo 2, like 甬江实验室's: the demo's recognition (资格互认)
  { kind: 'fesem', at: 'zmdi', model: 0, load: 0.7 },
  // 透射电镜
  { kind: 'tem', at: 'nimte', model: 0, load: 1.2 },
  { kind: 'tem', at: 'nbu', model: 1, rules: SERVICE },
  { kind: 'tem', at: 'eit', model: 1 },
  { kind: 'tem', at: 'zjou', model: 0, rules: SERVICE, load: 0.7 },
  // 球差校正透射电镜, 冷冻电镜
  { kind: 'actem', at: 'nimte', model: 0 },
  { kind: 'actem', at: 'eit', model: 1 },
  { kind: 'cryoem', at: 'eit', model: 0 },
  { kind: 'cryoem', at: 'nbu', model: 1 },
  // X射线衍射仪
  { kind: 'xrd', at: 'nbu', model: 0, load: 1.2 },
  { kind: 'xrd', at: 'nimte', model: 1, rules: { openingHours: LONG_7 }, load: 1.4 },
  { kind: 'xrd', at: 'nbut', model: 0 },
  { kind: 'xrd', at: 'unnc', model: 0 },
  { kind: 'xrd', at: 'nit', model: 1 },
  { kind: 'xrd', at: 'buaanb', model: 1 },
  { kind: 'xrd', at: 'zjou', model: 0 },
  // X射线光电子能谱
  { kind: 'xps', at: 'nimte', model: 0, load: 1.3 },
  { kind: 'xps', at: 'nbu', model: 1 },
  { kind: 'xps', at: 'tjuzj', model: 0 },
  // 核磁
  {
    kind: 'nmr',
    at: 'nbu',
    model: 1,
    rules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 240, requiresQualification: true },
  },
  { kind: 'nmr', at: 'nimte', model: 0 },
  { kind: 'nmr', at: 'unnc', model: 0 },
  { kind: 'nmr', at: 'zjou', model: 0, status: 'maintenance' },
  // 液质
  { kind: 'lcms', at: 'nbu', model: 0, load: 1.2 },
  { kind: 'lcms', at: 'eit', model: 0 },
  { kind: 'lcms', at: 'nbu1h', model: 2 },
  {
    kind: 'lcms',
    at: 'nimte',
    model: 1,
    rules: { mode: 'self', requiresQualification: true, openingHours: OFFICE_60 },
  },
  { kind: 'lcms', at: 'zjou', model: 1, rules: { mode: 'self', requiresQualification: true, openingHours: OFFICE_60 } },
  { kind: 'lcms', at: 'zmfri', model: 2 },
  // ICP-MS
  { kind: 'icpms', at: 'nimte', model: 0 },
  { kind: 'icpms', at: 'nbu', model: 1 },
  { kind: 'icpms', at: 'zmfri', model: 0, load: 1.2 },
  { kind: 'icpms', at: 'zmdi', model: 1 },
  // 气质
  { kind: 'gcms', at: 'tjuzj', model: 0, load: 1.3 },
  { kind: 'gcms', at: 'nbut', model: 1 },
  { kind: 'gcms', at: 'zwu', model: 1 },
  { kind: 'gcms', at: 'zjou', model: 0 },
  { kind: 'gcms', at: 'zimc', model: 1, status: 'maintenance', load: 0.6 },
  // 共聚焦
  { kind: 'confocal', at: 'nbu', model: 0, load: 1.2 },
  { kind: 'confocal', at: 'nbu1h', model: 1 },
  { kind: 'confocal', at: 'eit', model: 2 },
  { kind: 'confocal', at: 'zjou', model: 0 },
  { kind: 'confocal', at: 'donghai', model: 1, load: 0.7 },
  // 流式分选
  { kind: 'sorter', at: 'nbu', model: 0 },
  { kind: 'sorter', at: 'huamei', model: 1 },
  { kind: 'sorter', at: 'zjou', model: 0, load: 0.6 },
  // 原子力
  { kind: 'afm', at: 'nimte', model: 0, load: 1.3 },
  { kind: 'afm', at: 'unnc', model: 1 },
  { kind: 'afm', at: 'buaanb', model: 0 },
  { kind: 'afm', at: 'yjlab', model: 1 },
  // 测序
  { kind: 'sequencer', at: 'nbu', model: 0 },
  { kind: 'sequencer', at: 'zjou', model: 1 },
  { kind: 'sequencer', at: 'donghai', model: 1, load: 0.7 },
  // 活体成像
  { kind: 'ivis', at: 'nbu', model: 0 },
  { kind: 'ivis', at: 'huamei', model: 0, status: 'maintenance' },
  // 拉曼
  { kind: 'raman', at: 'nimte', model: 0, load: 1.2 },
  { kind: 'raman', at: 'nbut', model: 1 },
  { kind: 'raman', at: 'yjlab', model: 1 },
  { kind: 'raman', at: 'zjou', model: 0 },
  // 同步热分析
  { kind: 'sta', at: 'nimte', model: 0 },
  { kind: 'sta', at: 'nbut', model: 1 },
  { kind: 'sta', at: 'nit', model: 0 },
  { kind: 'sta', at: 'zmdi', model: 1, load: 0.7 },
  // 海洋: Zhoushan
  { kind: 'multibeam', at: 'zjou', model: 0 },
  { kind: 'multibeam', at: 'donghai', model: 0 },
  { kind: 'multibeam', at: 'zjuocean', model: 0 },
  { kind: 'ctd', at: 'zjou', model: 0 },
  { kind: 'ctd', at: 'zjuocean', model: 0 },
  { kind: 'ctd', at: 'donghai', model: 0 },
  { kind: 'ctd', at: 'zmdi', model: 0, load: 0.7 },
  { kind: 'vessel', at: 'zjou', model: 0 },
  { kind: 'vessel', at: 'donghai', model: 1 },
  { kind: 'tank', at: 'zjou', model: 0 },
  { kind: 'tank', at: 'zjuocean', model: 1 },
  // 磁共振（科研机时）
  { kind: 'mri', at: 'nbu1h', model: 0 },
  { kind: 'mri', at: 'huamei', model: 1 },
  { kind: 'mri', at: 'zshosp', model: 0, load: 0.7 },
]
