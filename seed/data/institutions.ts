/**
 * The two cities and the real institutions of SEED-REFERENCE.md, with the campus and buildings an
 * instrument's generated location starts from.
 */

export type CityCode = 'ningbo' | 'zhoushan'
export type DemoInstitutionKind = 'university' | 'institute' | 'hospital' | 'government' | 'enterprise'

export const DEMO_CITIES: readonly { code: CityCode; name: string }[] = [
  { code: 'ningbo', name: '宁波' },
  { code: 'zhoushan', name: '舟山' },
]

/** Which building of an institution an instrument kind stands in. */
export type BuildingHint = 'analysis' | 'materials' | 'life' | 'marine' | 'medical' | 'naval' | 'dock'

export interface DemoInstitution {
  /** Short code used in e-mail addresses and keys. */
  short: string
  name: string
  city: CityCode
  kind: DemoInstitutionKind
  /** The campus, as the first part of an instrument's location. */
  campus: string
  buildings: Partial<Record<BuildingHint, string>>
}

export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  {
    short: 'nbu',
    name: '宁波大学',
    city: 'ningbo',
    kind: 'university',
    campus: '宁波大学本部',
    buildings: {
      analysis: '分析测试中心',
      materials: '材料科学与化学工程学院实验楼',
      life: '医学部科研楼',
      marine: '海洋学院实验楼',
    },
  },
  {
    short: 'unnc',
    name: '宁波诺丁汉大学',
    city: 'ningbo',
    kind: 'university',
    campus: '宁波诺丁汉大学',
    buildings: { analysis: '科学与工程大楼 (SEB)' },
  },
  {
    short: 'eit',
    name: '宁波东方理工大学（暂名）',
    city: 'ningbo',
    kind: 'university',
    campus: '宁波东方理工大学（暂名）',
    buildings: { analysis: '科研楼 A 座公共仪器平台', materials: '科研楼 B 座', life: '生命科学楼' },
  },
  {
    short: 'nbut',
    name: '宁波工程学院',
    city: 'ningbo',
    kind: 'university',
    campus: '宁波工程学院',
    buildings: { analysis: '分析测试中心', materials: '材料与化学工程学院实验楼' },
  },
  {
    short: 'zwu',
    name: '浙江万里学院',
    city: 'ningbo',
    kind: 'university',
    campus: '浙江万里学院',
    buildings: { analysis: '生物与环境学院实验楼' },
  },
  {
    short: 'nit',
    name: '浙大宁波理工学院',
    city: 'ningbo',
    kind: 'university',
    campus: '浙大宁波理工学院',
    buildings: { analysis: '材料科学与工程实验中心' },
  },
  {
    short: 'nimte',
    name: '中国科学院宁波材料技术与工程研究所',
    city: 'ningbo',
    kind: 'institute',
    campus: '中国科学院宁波材料所',
    buildings: { analysis: '公共技术服务中心测试楼', materials: '公共技术服务中心测试楼' },
  },
  {
    short: 'yjlab',
    name: '甬江实验室',
    city: 'ningbo',
    kind: 'institute',
    campus: '甬江实验室',
    buildings: { analysis: '公共测试平台' },
  },
  {
    short: 'tjuzj',
    name: '天津大学浙江研究院',
    city: 'ningbo',
    kind: 'institute',
    campus: '天津大学浙江研究院',
    buildings: { analysis: '分析测试平台' },
  },
  {
    short: 'buaanb',
    name: '北京航空航天大学宁波创新研究院',
    city: 'ningbo',
    kind: 'institute',
    campus: '北航宁波创新研究院',
    buildings: { analysis: '材料测试中心' },
  },
  {
    short: 'nbu1h',
    name: '宁波大学附属第一医院',
    city: 'ningbo',
    kind: 'hospital',
    campus: '宁波大学附属第一医院',
    buildings: { life: '科研中心', medical: '影像中心', analysis: '临床质谱实验室' },
  },
  {
    short: 'huamei',
    name: '中国科学院大学宁波华美医院',
    city: 'ningbo',
    kind: 'hospital',
    campus: '宁波华美医院',
    buildings: { life: '转化医学中心', medical: '放射科' },
  },
  {
    short: 'talentnb',
    name: '宁波市人才工作领导小组办公室（人才办）',
    city: 'ningbo',
    kind: 'government',
    campus: '',
    buildings: {},
  },
  {
    short: 'zjou',
    name: '浙江海洋大学',
    city: 'zhoushan',
    kind: 'university',
    campus: '浙江海洋大学长峙校区',
    buildings: {
      analysis: '分析测试中心',
      marine: '海洋科学与技术学院实验楼',
      life: '水产学院实验楼',
      naval: '船舶与海洋工程实验中心',
      dock: '科考码头',
    },
  },
  {
    short: 'zjuocean',
    name: '浙江大学海洋学院（舟山校区）',
    city: 'zhoushan',
    kind: 'university',
    campus: '浙江大学舟山校区',
    buildings: { analysis: '海洋学院公共仪器平台', marine: '海洋学院实验楼', naval: '海洋工程实验中心' },
  },
  {
    short: 'zimc',
    name: '浙江国际海运职业技术学院',
    city: 'zhoushan',
    kind: 'university',
    campus: '浙江国际海运职业技术学院',
    buildings: { analysis: '轮机工程实训中心' },
  },
  {
    short: 'donghai',
    name: '东海实验室',
    city: 'zhoushan',
    kind: 'institute',
    campus: '东海实验室',
    buildings: { analysis: '公共技术平台', marine: '海洋观测与探测平台', life: '海洋生物平台', dock: '科考码头' },
  },
  {
    short: 'zmdi',
    name: '浙江省海洋开发研究院',
    city: 'zhoushan',
    kind: 'institute',
    campus: '浙江省海洋开发研究院',
    buildings: { analysis: '海洋检测中心', marine: '海洋调查设备库' },
  },
  {
    short: 'zmfri',
    name: '浙江省海洋水产研究所',
    city: 'zhoushan',
    kind: 'institute',
    campus: '浙江省海洋水产研究所',
    buildings: { analysis: '水产品质量检测中心' },
  },
  {
    short: 'zshosp',
    name: '舟山医院',
    city: 'zhoushan',
    kind: 'hospital',
    campus: '舟山医院',
    buildings: { medical: '放射科' },
  },
  {
    short: 'talentzs',
    name: '舟山市人才工作领导小组办公室（人才办）',
    city: 'zhoushan',
    kind: 'government',
    campus: '',
    buildings: {},
  },
]

/**
 * Enterprises of both cities that use the public instruments and pay part of it with innovation vouchers (创新券).
 * Unlike the institutions above they are fictitious: plausible names for the kinds of firms that use such
 * instruments (materials, intelligent manufacturing, marine biotech, ship design), not records of real companies.
 */
export const DEMO_ENTERPRISES: readonly DemoInstitution[] = [
  { short: 'yxmat', name: '宁波甬新新材料科技有限公司', city: 'ningbo', kind: 'enterprise', campus: '', buildings: {} },
  { short: 'hsmfg', name: '宁波海曙智能装备有限公司', city: 'ningbo', kind: 'enterprise', campus: '', buildings: {} },
  {
    short: 'hailan',
    name: '舟山海蓝生物科技有限公司',
    city: 'zhoushan',
    kind: 'enterprise',
    campus: '',
    buildings: {},
  },
  {
    short: 'dhship',
    name: '舟山定海船舶设计有限公司',
    city: 'zhoushan',
    kind: 'enterprise',
    campus: '',
    buildings: {},
  },
]

/** Every institution of the demo: the real ones of SEED-REFERENCE.md, then the fictitious enterprises. */
export const EVERY_DEMO_INSTITUTION: readonly DemoInstitution[] = [...DEMO_INSTITUTIONS, ...DEMO_ENTERPRISES]
