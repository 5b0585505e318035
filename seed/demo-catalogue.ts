/**
 * The demo catalogue: the two cities, the real institutions of SEED-REFERENCE.md, plausible
 * instruments generated from its instrument kinds, and the demo accounts. Institutions are real;
 * instruments, rooms, phone numbers and people are generated and fictitious.
 * Everything here is plain data, deterministic, and independent of the current time.
 */
import type { CategoryCode } from '../src/domain/categories.js'
import type { InstrumentMode, InstrumentStatus, OpeningPeriod, Weekday } from '../src/domain/types.js'
import { createPrng } from './prng.js'

export type CityCode = 'ningbo' | 'zhoushan'
export type DemoInstitutionKind = 'university' | 'institute' | 'hospital' | 'government'
export type DemoRole = 'researcher' | 'institution_admin' | 'talent_office' | 'platform_admin'

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

export const DEMO_PASSWORD = 'demo1234'

export const DEMO_CITIES: readonly { code: CityCode; name: string }[] = [
  { code: 'ningbo', name: '宁波' },
  { code: 'zhoushan', name: '舟山' },
]

type BuildingHint = 'analysis' | 'materials' | 'life' | 'marine' | 'medical' | 'naval' | 'dock'

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

export function demoInstitution(short: string): DemoInstitution {
  const institution = DEMO_INSTITUTIONS.find((i) => i.short === short)
  if (!institution) throw new Error(`unknown demo institution ${short}`)
  return institution
}

// ---------------------------------------------------------------------------------------------
// Opening hours (every period's length is a multiple of the slot it is used with)

const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5]
const ALL_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]

function hours(days: readonly Weekday[], ...periods: [string, string][]): OpeningPeriod[] {
  return days.flatMap((weekday) => periods.map(([open, close]) => ({ weekday, open, close })))
}

/** Weekdays 08:30–12:00 and 13:30–17:30 (210 + 240 min: a 30-minute grid). */
const OFFICE_30 = hours(WEEKDAYS, ['08:30', '12:00'], ['13:30', '17:30'])
/** Weekdays 08:00–12:00 and 13:00–18:00 (240 + 300 min: a 60-minute grid). */
const OFFICE_60 = hours(WEEKDAYS, ['08:00', '12:00'], ['13:00', '18:00'])
/** Weekdays 09:00–12:00 and 13:00–17:00: sample reception for service instruments. */
const SERVICE_60 = hours(WEEKDAYS, ['09:00', '12:00'], ['13:00', '17:00'])
/** Every day 08:00–22:00 (840 min: fits 15, 30 and 60). */
const LONG_7 = hours(ALL_DAYS, ['08:00', '22:00'])
/** Weekdays 08:00–12:00 and 13:00–21:00 (240 + 480 min). */
const LONG_WEEKDAY_60 = hours(WEEKDAYS, ['08:00', '12:00'], ['13:00', '21:00'])
/** Whole days, every day: day blocks; periods touch at midnight, so multi-day bookings join. */
const DAYS_7 = hours(ALL_DAYS, ['00:00', '24:00'])
/** Whole days, Monday to Friday. */
const DAYS_WEEKDAY = hours(WEEKDAYS, ['00:00', '24:00'])
/** Half-day blocks 08:30–12:30 and 12:30–16:30, weekdays. */
const HALF_DAYS = hours(WEEKDAYS, ['08:30', '16:30'])
/** MRI research hours: weekday evenings 18:00–22:00, weekends 08:00–20:00. */
const MRI_RESEARCH = [...hours(WEEKDAYS, ['18:00', '22:00']), ...hours([6, 7], ['08:00', '20:00'])]

// ---------------------------------------------------------------------------------------------
// Instrument kinds (SEED-REFERENCE.md "Instruments")

interface Model {
  model: string
  manufacturer: string
  specs: string
}

interface Rules {
  mode: InstrumentMode
  openingHours: OpeningPeriod[]
  slotMinutes: number
  minMinutes: number
  maxMinutes: number
  bufferMinutes: number
  noticeMinutes: number
  horizonDays: number
  requiresApproval: boolean
  requiresQualification: boolean
}

export type KindKey =
  | 'fesem'
  | 'tem'
  | 'actem'
  | 'cryoem'
  | 'xrd'
  | 'xps'
  | 'nmr'
  | 'lcms'
  | 'icpms'
  | 'gcms'
  | 'confocal'
  | 'sorter'
  | 'afm'
  | 'sequencer'
  | 'ivis'
  | 'raman'
  | 'sta'
  | 'multibeam'
  | 'ctd'
  | 'vessel'
  | 'tank'
  | 'mri'

interface Kind {
  name: string
  category: CategoryCode
  models: Model[]
  /** 原值 range in 万元 (10,000 CNY). */
  value: [number, number]
  functions: string
  lab: string
  building: BuildingHint
  rules: Rules
  /** Typical booked lengths in minutes (clipped to min/max). */
  typicalMinutes: number[]
  /** Base number of reservations a year. */
  annual: number
  fields: ResearchField[]
  /** Purposes of use; "field,field|text" fits researchers of those fields only. */
  purposes: string[]
}

const KINDS: Record<KindKey, Kind> = {
  fesem: {
    name: '场发射扫描电子显微镜',
    category: 'electron-optics',
    models: [
      {
        model: 'Sigma 300',
        manufacturer: '卡尔蔡司 (Carl Zeiss)',
        specs: '分辨率 1.2 nm @ 15 kV，2.2 nm @ 1 kV；加速电压 0.02–30 kV；放大倍数 10–1,000,000×',
      },
      {
        model: 'SU8010',
        manufacturer: '日立高新 (Hitachi High-Tech)',
        specs: '二次电子分辨率 1.0 nm @ 15 kV，1.3 nm @ 1 kV（减速模式）；加速电压 0.1–30 kV；放大倍数 20–2,000,000×',
      },
      {
        model: 'Apreo 2',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '分辨率 0.8 nm @ 15 kV，0.9 nm @ 1 kV；加速电压 0.2–30 kV；束流 1 pA–50 nA',
      },
    ],
    value: [300, 500],
    functions: '材料表面及断口形貌观察；配合能谱仪 (EDS) 进行微区成分定性定量分析与元素面分布；非导电样品低电压成像',
    lab: '电镜室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_30,
      slotMinutes: 30,
      minMinutes: 30,
      maxMinutes: 240,
      bufferMinutes: 15,
      noticeMinutes: 60,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: true,
    },
    typicalMinutes: [60, 60, 90, 120, 120, 180, 240],
    annual: 120,
    fields: ['materials', 'chemistry', 'marine-bio', 'naval', 'manufacturing', 'ocean'],
    purposes: [
      'materials|锂离子电池正极材料颗粒形貌表征',
      'materials,naval,ocean|防腐涂层截面形貌与 EDS 成分分析',
      'marine-bio|贝类壳体微观结构观察',
      'marine-bio,ocean|海洋微塑料表面形貌观察',
      'manufacturing,materials,naval|金属断口形貌分析',
      'chemistry|催化剂颗粒形貌与元素分布',
      'marine-bio|藻类细胞表面超微结构观察',
    ],
  },
  tem: {
    name: '透射电子显微镜',
    category: 'electron-optics',
    models: [
      {
        model: 'JEM-2100F',
        manufacturer: '日本电子 (JEOL)',
        specs: '点分辨率 0.23 nm，线分辨率 0.1 nm；加速电压 200 kV；STEM-HAADF 分辨率 0.2 nm',
      },
      {
        model: 'Talos F200X',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '加速电压 80–200 kV；TEM 信息分辨率 0.12 nm；STEM-HAADF 分辨率 0.16 nm；Super-X 四探头能谱',
      },
    ],
    value: [800, 1500],
    functions: '纳米材料形貌、晶体结构与缺陷观察；选区电子衍射；高分辨晶格像；STEM-EDS 元素面分布',
    lab: '透射电镜室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 30,
      noticeMinutes: 120,
      horizonDays: 21,
      requiresApproval: false,
      requiresQualification: true,
    },
    typicalMinutes: [120, 120, 180, 240],
    annual: 85,
    fields: ['materials', 'chemistry', 'marine-bio', 'life'],
    purposes: [
      'chemistry|纳米催化剂晶格条纹观察',
      'materials,chemistry|量子点粒径分布与晶体结构表征',
      'materials|二维材料层数与缺陷分析',
      'marine-bio,life|海洋细菌负染样品观察',
      'materials|合金析出相选区电子衍射',
    ],
  },
  actem: {
    name: '球差校正透射电子显微镜',
    category: 'electron-optics',
    models: [
      {
        model: 'Spectra 300',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '加速电压 30–300 kV；STEM 分辨率 ≤ 50 pm @ 300 kV；双球差校正；能量分辨率 ≤ 0.3 eV（单色器）',
      },
      {
        model: 'JEM-ARM300F2',
        manufacturer: '日本电子 (JEOL)',
        specs: '加速电压 60–300 kV；STEM-HAADF 分辨率 53 pm @ 300 kV；冷场发射电子枪；双球差校正器',
      },
    ],
    value: [2000, 3500],
    functions: '原子尺度结构成像；单原子与界面表征；电子能量损失谱 (EELS) 分析；原子级元素分布',
    lab: '球差电镜室',
    building: 'analysis',
    rules: {
      mode: 'service',
      openingHours: LONG_WEEKDAY_60,
      slotMinutes: 60,
      minMinutes: 120,
      maxMinutes: 480,
      bufferMinutes: 30,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [120, 180, 240, 240, 480],
    annual: 60,
    fields: ['materials', 'chemistry'],
    purposes: [
      '单原子催化剂 HAADF-STEM 成像',
      '固态电解质界面原子结构分析',
      '钙钛矿薄膜缺陷原子级表征',
      '高熵合金界面 EELS 分析',
    ],
  },
  cryoem: {
    name: '冷冻透射电子显微镜',
    category: 'electron-optics',
    models: [
      {
        model: 'Krios G4',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '加速电压 300 kV；Falcon 4i 直接电子探测器；自动装样 12 枚载网；信息分辨率 ≤ 0.12 nm',
      },
      {
        model: 'Glacios',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '加速电压 200 kV；X-FEG 场发射电子枪；Falcon 4i 探测器；自动装样 12 枚载网',
      },
    ],
    value: [2500, 5000],
    functions: '生物大分子单颗粒三维结构解析；冷冻电子断层成像；蛋白质复合物高分辨结构数据采集',
    lab: '冷冻电镜中心',
    building: 'life',
    rules: {
      mode: 'service',
      openingHours: DAYS_7,
      slotMinutes: 1440,
      minMinutes: 1440,
      maxMinutes: 2880,
      bufferMinutes: 0,
      noticeMinutes: 2880,
      horizonDays: 60,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [1440, 1440, 2880],
    annual: 45,
    fields: ['life', 'marine-bio'],
    purposes: [
      'life|膜蛋白复合物单颗粒数据采集',
      'marine-bio|海洋病毒衣壳结构解析',
      '酶-底物复合物高分辨结构',
      '冷冻载网筛选与数据收集',
    ],
  },
  xrd: {
    name: 'X射线衍射仪',
    category: 'analytical',
    models: [
      {
        model: 'D8 Advance',
        manufacturer: '布鲁克 (Bruker)',
        specs: 'Cu 靶，最大功率 2.2 kW；2θ 范围 -110°–168°，最小步长 0.0001°；LYNXEYE XE-T 阵列探测器',
      },
      {
        model: 'SmartLab',
        manufacturer: '日本理学 (Rigaku)',
        specs: '9 kW 转靶 X 射线源；测角仪半径 300 mm，2θ 重现性 ±0.0001°；HyPix-3000 二维探测器',
      },
    ],
    value: [150, 300],
    functions: '粉末物相定性与定量分析；晶粒尺寸与结晶度计算；薄膜掠入射衍射；残余应力测试',
    lab: 'X射线衍射室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_30,
      slotMinutes: 30,
      minMinutes: 30,
      maxMinutes: 180,
      bufferMinutes: 0,
      noticeMinutes: 30,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [30, 60, 60, 90, 120],
    annual: 130,
    fields: ['materials', 'chemistry', 'ocean', 'manufacturing', 'marine-bio'],
    purposes: [
      'materials|正极材料物相鉴定',
      'ocean|海洋沉积物矿物组成分析',
      'materials|薄膜掠入射 XRD 测试',
      'chemistry|催化剂结晶度测定',
      'marine-bio|贝壳碳酸钙晶型（文石/方解石）分析',
      'manufacturing|焊接接头残余应力测试',
    ],
  },
  xps: {
    name: 'X射线光电子能谱仪',
    category: 'analytical',
    models: [
      {
        model: 'ESCALAB Xi+',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '单色化 Al Kα 射线源；能量分辨率 ≤ 0.45 eV (Ag 3d5/2)；最小分析面积 20 μm；离子枪深度剖析',
      },
      {
        model: 'AXIS Supra+',
        manufacturer: '岛津-Kratos (Kratos Analytical)',
        specs: '单色化 Al/Ag 双阳极；能量分辨率 ≤ 0.48 eV；成像空间分辨率 ≤ 1 μm；气体团簇离子源',
      },
    ],
    value: [400, 600],
    functions: '固体表面元素组成与化学态分析；深度剖析；价带谱与功函数 (UPS) 测试',
    lab: '表面分析室',
    building: 'analysis',
    rules: {
      mode: 'service',
      openingHours: SERVICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 0,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [60, 120, 120, 180],
    annual: 70,
    fields: ['materials', 'chemistry'],
    purposes: ['催化剂表面价态分析', '防腐涂层表面化学态表征', '电极材料界面深度剖析', '功能薄膜元素组成测试'],
  },
  nmr: {
    name: '核磁共振波谱仪',
    category: 'nmr',
    models: [
      {
        model: 'AVANCE NEO 400 MHz',
        manufacturer: '布鲁克 (Bruker)',
        specs: '磁场强度 9.4 T（¹H 400 MHz）；BBO 宽带探头，¹H 灵敏度 ≥ 500:1；60 位自动进样器',
      },
      {
        model: 'AVANCE NEO 600 MHz',
        manufacturer: '布鲁克 (Bruker)',
        specs: '磁场强度 14.1 T（¹H 600 MHz）；TCI 超低温探头，¹H 灵敏度 ≥ 6000:1；变温范围 -150–150 °C',
      },
    ],
    value: [300, 1000],
    functions: '有机化合物结构鉴定；一维、二维核磁谱图采集；天然产物与代谢物分析；变温动力学研究',
    lab: '核磁室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: LONG_7,
      slotMinutes: 15,
      minMinutes: 15,
      maxMinutes: 120,
      bufferMinutes: 0,
      noticeMinutes: 15,
      horizonDays: 7,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [15, 15, 30, 30, 45, 60, 120],
    annual: 150,
    fields: ['chemistry', 'life', 'materials', 'marine-bio'],
    purposes: [
      'chemistry|合成中间体 ¹H/¹³C 谱测试',
      'marine-bio,chemistry|海洋天然产物二维谱结构鉴定',
      'materials|聚合物组成分析',
      'life,marine-bio|代谢物 NMR 指纹图谱',
      'chemistry|配体纯度确认',
    ],
  },
  lcms: {
    name: '液相色谱-质谱联用仪',
    category: 'chromatography-ms',
    models: [
      {
        model: 'Q Exactive',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '分辨率 140,000 @ m/z 200；质量精度 < 3 ppm；质量范围 m/z 50–6000；正负离子快速切换',
      },
      {
        model: '6546 Q-TOF',
        manufacturer: '安捷伦 (Agilent Technologies)',
        specs: '分辨率 ≥ 60,000；质量精度 < 1 ppm；质量范围 m/z 20–10,000；采集速度 50 谱/秒',
      },
      {
        model: 'Xevo TQ-XS',
        manufacturer: '沃特世 (Waters)',
        specs: '三重四极杆；MRM 驻留时间 1 ms；质量范围 m/z 2–2048；StepWave XS 离子源',
      },
    ],
    value: [300, 600],
    functions: '小分子化合物定性定量；代谢组学与脂质组学分析；药物及残留检测；海洋生物毒素检测',
    lab: '质谱室',
    building: 'analysis',
    rules: {
      mode: 'service',
      openingHours: SERVICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 420,
      bufferMinutes: 30,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [60, 120, 180, 240],
    annual: 80,
    fields: ['life', 'marine-bio', 'chemistry', 'medical'],
    purposes: [
      'marine-bio|贝类毒素 (PSP/DSP) 定量检测',
      'marine-bio|鱼类代谢组学非靶向分析',
      'medical|血浆药物浓度测定',
      'marine-bio,chemistry|海洋真菌次级代谢产物鉴定',
      'marine-bio,chemistry|水产品兽药残留检测',
      'life|细胞代谢组学分析',
    ],
  },
  icpms: {
    name: '电感耦合等离子体质谱仪',
    category: 'chromatography-ms',
    models: [
      {
        model: '7900',
        manufacturer: '安捷伦 (Agilent Technologies)',
        specs: '质量范围 2–260 amu；多数元素检出限 < 1 ng/L；动态范围 11 个数量级；He 碰撞反应池',
      },
      {
        model: 'iCAP RQ',
        manufacturer: '赛默飞世尔 (Thermo Fisher Scientific)',
        specs: '质量范围 4–290 amu；QCell 碰撞/反应池；背景噪声 < 1 cps；氧化物产率 CeO/Ce < 2%',
      },
    ],
    value: [150, 250],
    functions: '痕量及超痕量元素分析；水产品重金属检测；海水与沉积物元素测定；同位素比值分析',
    lab: '元素分析室',
    building: 'analysis',
    rules: {
      mode: 'service',
      openingHours: SERVICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 30,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [60, 120, 120, 180],
    annual: 70,
    fields: ['marine-bio', 'ocean', 'chemistry', 'materials'],
    purposes: [
      'marine-bio|海产品重金属 (Hg/Cd/Pb/As) 检测',
      'ocean|近海沉积物痕量元素分析',
      'materials|合金杂质元素测定',
      'ocean,chemistry|海水中稀土元素测定',
    ],
  },
  gcms: {
    name: '气相色谱-质谱联用仪',
    category: 'chromatography-ms',
    models: [
      {
        model: '8890-5977B',
        manufacturer: '安捷伦 (Agilent Technologies)',
        specs: '质量范围 m/z 1.6–1050；EI 灵敏度 1 pg 八氟萘 S/N ≥ 1500:1；柱温箱 室温+4–450 °C',
      },
      {
        model: 'GCMS-QP2020 NX',
        manufacturer: '岛津 (Shimadzu)',
        specs: '质量范围 m/z 1.5–1090；扫描速度 20,000 u/s；EI 灵敏度 1 pg OFN S/N ≥ 2000:1',
      },
    ],
    value: [80, 150],
    functions: '挥发及半挥发性有机物定性定量；石化产品组分分析；水产品风味物质与农残检测',
    lab: '色谱室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_60,
      slotMinutes: 30,
      minMinutes: 60,
      maxMinutes: 480,
      bufferMinutes: 0,
      noticeMinutes: 60,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [60, 90, 120, 180, 240],
    annual: 70,
    fields: ['chemistry', 'marine-bio'],
    purposes: [
      'chemistry|石脑油组分分析',
      'marine-bio|鱼糜制品挥发性风味物质分析',
      'chemistry|船用燃料油组分检测',
      '有机溶剂残留检测',
    ],
  },
  confocal: {
    name: '激光扫描共聚焦显微镜',
    category: 'optical-microscopy',
    models: [
      {
        model: 'LSM 980',
        manufacturer: '卡尔蔡司 (Carl Zeiss)',
        specs: '4 路激光 405/488/561/639 nm；Airyscan 2 超分辨，XY 分辨率 120 nm；32 通道 GaAsP 光谱检测器',
      },
      {
        model: 'STELLARIS 5',
        manufacturer: '徕卡 (Leica Microsystems)',
        specs: '白激光 485–685 nm 及 405 nm；HyD S 检测器；TauSense 荧光寿命分离；扫描速度最高 40 帧/秒',
      },
      {
        model: 'AX R',
        manufacturer: '尼康 (Nikon)',
        specs: '共振扫描 2048×2048 像素；视场数 25；4 路激光 405/488/561/640 nm',
      },
    ],
    value: [300, 600],
    functions: '细胞与组织荧光成像；三维重构；活细胞长时程成像；共定位与 FRAP 分析',
    lab: '细胞成像室',
    building: 'life',
    rules: {
      mode: 'self',
      openingHours: LONG_7,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 0,
      noticeMinutes: 60,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: true,
    },
    typicalMinutes: [60, 120, 120, 180],
    annual: 90,
    fields: ['life', 'medical', 'marine-bio'],
    purposes: [
      'life,medical|免疫荧光多色成像',
      'life|斑马鱼胚胎活体成像',
      'marine-bio|海洋微藻叶绿体自发荧光观察',
      'medical|肿瘤细胞共定位分析',
      '组织切片三维重构',
    ],
  },
  sorter: {
    name: '流式细胞分选仪',
    category: 'life-science',
    models: [
      {
        model: 'FACSAria III',
        manufacturer: '碧迪 (BD Biosciences)',
        specs: '4 激光 18 色检测；分选速度 ≥ 25,000 个/秒；分选纯度 > 98%；4 路分选',
      },
      {
        model: 'CytoFLEX SRT',
        manufacturer: '贝克曼库尔特 (Beckman Coulter)',
        specs: '4 激光 15 色；分选纯度 > 98%；分选速度 ≥ 15,000 个/秒；支持 96 孔板单细胞分选',
      },
    ],
    value: [300, 600],
    functions: '细胞多参数分析；细胞亚群分选；单细胞分选；海洋微藻及浮游生物分选',
    lab: '流式细胞平台',
    building: 'life',
    rules: {
      mode: 'service',
      openingHours: SERVICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 30,
      noticeMinutes: 1440,
      horizonDays: 21,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [60, 120, 180],
    annual: 45,
    fields: ['life', 'medical', 'marine-bio'],
    purposes: [
      'life,medical|T 细胞亚群分选',
      'life|干细胞表面标志物分析',
      'marine-bio|海洋微藻单细胞分选',
      'medical|肿瘤浸润淋巴细胞分选',
    ],
  },
  afm: {
    name: '原子力显微镜',
    category: 'scanning-probe',
    models: [
      {
        model: 'Dimension Icon',
        manufacturer: '布鲁克 (Bruker)',
        specs: '扫描范围 90 μm × 90 μm × 10 μm；Z 向噪声 < 30 pm；PeakForce Tapping 模式；样品尺寸 ≤ 210 mm',
      },
      {
        model: 'Cypher ES',
        manufacturer: '牛津仪器 (Oxford Instruments)',
        specs: '闭环扫描 30 μm × 30 μm；原子分辨成像；blueDrive 光热激发；环境控制 0–250 °C',
      },
    ],
    value: [250, 400],
    functions: '表面三维形貌与粗糙度测量；纳米力学性能（模量、黏附力）；导电 AFM 与压电力显微镜；液下成像',
    lab: '扫描探针室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 0,
      noticeMinutes: 60,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: true,
    },
    typicalMinutes: [60, 120, 120, 180, 240],
    annual: 65,
    fields: ['materials', 'manufacturing'],
    purposes: ['二维材料厚度测量', '涂层表面粗糙度表征', '压电薄膜 PFM 测试', '聚合物纳米力学性能测试'],
  },
  sequencer: {
    name: '高通量测序仪',
    category: 'life-science',
    models: [
      {
        model: 'NovaSeq 6000',
        manufacturer: '因美纳 (Illumina)',
        specs: '单次运行最高 6 Tb；读长最长 2×250 bp；S4 流动槽 200 亿 reads',
      },
      {
        model: 'DNBSEQ-T7',
        manufacturer: '华大智造 (MGI Tech)',
        specs: '单次运行最高 7 Tb；读长 PE150；4 张载片独立运行；日产出 ≥ 6 Tb',
      },
    ],
    value: [500, 900],
    functions: '全基因组测序；转录组测序；宏基因组与海洋微生物多样性分析；单细胞测序',
    lab: '测序平台',
    building: 'life',
    rules: {
      mode: 'service',
      openingHours: DAYS_WEEKDAY,
      slotMinutes: 1440,
      minMinutes: 1440,
      maxMinutes: 2880,
      bufferMinutes: 0,
      noticeMinutes: 2880,
      horizonDays: 30,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [1440, 1440, 2880],
    annual: 40,
    fields: ['life', 'marine-bio', 'medical'],
    purposes: [
      'marine-bio|大黄鱼转录组测序',
      'marine-bio|近海沉积物宏基因组测序',
      'medical|肿瘤样本全外显子测序',
      'marine-bio,life|养殖水体微生物多样性测序',
    ],
  },
  ivis: {
    name: '小动物活体成像系统',
    category: 'life-science',
    models: [
      {
        model: 'IVIS Spectrum',
        manufacturer: '珀金埃尔默 (PerkinElmer)',
        specs:
          '生物发光检测灵敏度 ≤ 100 光子/秒/cm²/sr；激发滤光片 10 个、发射滤光片 18 个；视野 3.9–23 cm；三维断层成像',
      },
    ],
    value: [300, 450],
    functions: '小动物活体生物发光与荧光成像；肿瘤生长及转移监测；药物分布与代谢示踪',
    lab: '动物影像平台',
    building: 'life',
    rules: {
      mode: 'self',
      openingHours: OFFICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 180,
      bufferMinutes: 15,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [60, 60, 120, 180],
    annual: 45,
    fields: ['life', 'medical'],
    purposes: ['荷瘤小鼠生物发光成像', '纳米药物体内分布示踪', '炎症模型荧光成像'],
  },
  raman: {
    name: '显微共焦拉曼光谱仪',
    category: 'spectroscopy',
    models: [
      {
        model: 'LabRAM HR Evolution',
        manufacturer: '堀场 (HORIBA)',
        specs: '焦长 800 mm；光谱分辨率 ≤ 0.35 cm⁻¹；激光 532/633/785 nm；SWIFT 快速共聚焦成像',
      },
      {
        model: 'inVia',
        manufacturer: '雷尼绍 (Renishaw)',
        specs: '光谱范围 50–4000 cm⁻¹ (532 nm)；光谱分辨率 ≤ 1 cm⁻¹；StreamLine 快速成像；空间分辨率 ≤ 1 μm',
      },
    ],
    value: [120, 200],
    functions: '分子结构与物相鉴定；碳材料（石墨烯）表征；微塑料识别；应力与晶型分析',
    lab: '光谱室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_30,
      slotMinutes: 30,
      minMinutes: 30,
      maxMinutes: 240,
      bufferMinutes: 0,
      noticeMinutes: 30,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [30, 60, 60, 90, 120],
    annual: 70,
    fields: ['materials', 'chemistry', 'ocean', 'marine-bio'],
    purposes: [
      'materials|石墨烯层数与缺陷表征',
      'ocean,marine-bio|近海水体微塑料成分识别',
      'chemistry,materials|晶型转变原位拉曼测试',
      'ocean|矿物包裹体拉曼分析',
    ],
  },
  sta: {
    name: '同步热分析仪',
    category: 'physical-testing',
    models: [
      {
        model: 'STA 449 F5',
        manufacturer: '耐驰 (NETZSCH)',
        specs: '温度范围 室温–1600 °C；天平分辨率 0.1 μg；升温速率 0.001–50 K/min；可联用 FTIR/QMS',
      },
      {
        model: 'SDT 650',
        manufacturer: 'TA 仪器 (TA Instruments)',
        specs: '温度范围 室温–1500 °C；天平灵敏度 0.1 μg；DSC 量热精度 ±2%；升温速率 0.1–100 °C/min',
      },
    ],
    value: [60, 120],
    functions: '热重与差热同步分析；材料热稳定性与分解动力学；相变温度与热焓测定',
    lab: '热分析室',
    building: 'analysis',
    rules: {
      mode: 'self',
      openingHours: OFFICE_60,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 300,
      bufferMinutes: 0,
      noticeMinutes: 60,
      horizonDays: 14,
      requiresApproval: false,
      requiresQualification: false,
    },
    typicalMinutes: [60, 120, 180, 240],
    annual: 60,
    fields: ['materials', 'chemistry', 'naval'],
    purposes: [
      'materials|复合材料热稳定性测试',
      'naval|船用涂料热分解行为分析',
      'chemistry,materials|聚合物玻璃化转变测定',
      'materials|电池隔膜热收缩分析',
    ],
  },
  multibeam: {
    name: '浅水多波束测深系统',
    category: 'marine',
    models: [
      {
        model: 'EM 2040',
        manufacturer: '康士伯 (Kongsberg Maritime)',
        specs: '工作频率 200–400 kHz；测深范围 0.5–600 m；每 ping 最多 800 个波束；条带覆盖最大 5.5 倍水深',
      },
    ],
    value: [400, 800],
    functions: '海底地形高精度测绘；水体与海底反向散射成像；港口航道及海底管线检测',
    lab: '海洋调查设备室',
    building: 'marine',
    rules: {
      mode: 'service',
      openingHours: DAYS_7,
      slotMinutes: 1440,
      minMinutes: 1440,
      maxMinutes: 4320,
      bufferMinutes: 0,
      noticeMinutes: 4320,
      horizonDays: 90,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [1440, 1440, 2880, 4320],
    annual: 22,
    fields: ['ocean', 'naval'],
    purposes: ['舟山港航道水深测量', '海底电缆路由调查', '海上风电场址地形测绘', '人工鱼礁区地形监测'],
  },
  ctd: {
    name: '温盐深剖面仪 (CTD)',
    category: 'marine',
    models: [
      {
        model: 'SBE 911plus',
        manufacturer: '海鸟 (Sea-Bird Scientific)',
        specs: '温度精度 ±0.001 °C；电导率精度 ±0.0003 S/m；压力精度 ±0.015% 满量程；采样频率 24 Hz；耐压 6800 m',
      },
    ],
    value: [80, 150],
    functions: '海水温度、盐度、深度剖面测量；可搭载溶解氧、叶绿素、浊度传感器；配合采水器分层采样',
    lab: '海洋调查设备室',
    building: 'marine',
    rules: {
      mode: 'self',
      openingHours: DAYS_7,
      slotMinutes: 1440,
      minMinutes: 1440,
      maxMinutes: 4320,
      bufferMinutes: 0,
      noticeMinutes: 1440,
      horizonDays: 60,
      requiresApproval: false,
      requiresQualification: true,
    },
    typicalMinutes: [1440, 1440, 2880, 4320],
    annual: 35,
    fields: ['ocean', 'marine-bio', 'materials'],
    purposes: [
      'ocean|长江口羽流温盐剖面观测',
      'marine-bio|养殖海域水文调查',
      'materials|海洋腐蚀挂片试验站水文监测',
      'ocean,marine-bio|赤潮高发区水团结构调查',
    ],
  },
  vessel: {
    name: '近海综合科学考察船',
    category: 'marine',
    models: [
      {
        model: '48 m 级近海科考船',
        manufacturer: '国内船厂建造',
        specs: '总长 48 m，型宽 9.2 m；续航力 2000 海里，自持力 15 天；定员 30 人（科考人员 18 人）；实验室面积 120 m²',
      },
      {
        model: '42 m 级近海科考船',
        manufacturer: '国内船厂建造',
        specs: '总长 42 m，型宽 8.0 m；续航力 1500 海里，自持力 10 天；定员 24 人（科考人员 14 人）；A 型架及 CTD 绞车',
      },
    ],
    value: [3000, 8000],
    functions: '近海海洋综合调查；水文、化学、生物与地质采样；海洋仪器设备海上试验；海上教学实习',
    lab: '科考船调度室',
    building: 'dock',
    rules: {
      mode: 'service',
      openingHours: DAYS_7,
      slotMinutes: 1440,
      minMinutes: 1440,
      maxMinutes: 4320,
      bufferMinutes: 0,
      noticeMinutes: 10080,
      horizonDays: 90,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [1440, 2880, 2880, 4320],
    annual: 32,
    fields: ['ocean', 'marine-bio', 'naval', 'materials'],
    purposes: [
      'ocean|东海近岸综合调查航次',
      'materials|海洋防腐材料实海挂片投放与回收',
      'marine-bio|渔业资源拖网调查',
      'naval,ocean|水下传感器海上试验',
      'marine-bio,ocean|舟山渔场生态调查',
    ],
  },
  tank: {
    name: '船模拖曳水池',
    category: 'naval-engineering',
    models: [
      {
        model: '130 m × 6 m × 3.5 m 拖曳水池',
        manufacturer: '国内定制集成（拖车及造波系统）',
        specs: '水池尺度 130 m × 6 m × 3.5 m；拖车最大速度 6 m/s，速度精度 ±0.1%；造波 规则波/不规则波，波高 ≤ 0.3 m',
      },
      {
        model: '70 m × 5 m × 2.5 m 拖曳水池',
        manufacturer: '国内定制集成（拖车及造波系统）',
        specs: '水池尺度 70 m × 5 m × 2.5 m；拖车最大速度 4 m/s；推板式造波机，波高 ≤ 0.2 m',
      },
    ],
    value: [1500, 3000],
    functions: '船模阻力、自航与耐波性试验；海洋结构物水动力试验；螺旋桨敞水试验',
    lab: '拖曳水池实验室',
    building: 'naval',
    rules: {
      mode: 'service',
      openingHours: HALF_DAYS,
      slotMinutes: 240,
      minMinutes: 240,
      maxMinutes: 480,
      bufferMinutes: 0,
      noticeMinutes: 2880,
      horizonDays: 60,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [240, 240, 480],
    annual: 45,
    fields: ['naval', 'manufacturing', 'ocean'],
    purposes: ['渔船船模阻力试验', '无人艇耐波性试验', '浮式风机基础水动力试验', '螺旋桨敞水性能测试'],
  },
  mri: {
    name: '3.0T 磁共振成像系统（科研机时）',
    category: 'medical-imaging',
    models: [
      {
        model: 'MAGNETOM Prisma',
        manufacturer: '西门子医疗 (Siemens Healthineers)',
        specs: '场强 3.0 T；梯度强度 80 mT/m，切换率 200 T/m/s；64 通道头颈线圈；多核波谱成像',
      },
      {
        model: 'SIGNA Premier',
        manufacturer: 'GE 医疗 (GE HealthCare)',
        specs: '场强 3.0 T；梯度强度 80 mT/m，切换率 200 T/m/s；AIR 柔性线圈；70 cm 孔径',
      },
    ],
    value: [1500, 2500],
    functions: '科研用磁共振成像（工作日夜间及周末科研机时）；脑功能与弥散成像；波谱与定量成像研究',
    lab: '影像科科研办',
    building: 'medical',
    rules: {
      mode: 'service',
      openingHours: MRI_RESEARCH,
      slotMinutes: 60,
      minMinutes: 60,
      maxMinutes: 240,
      bufferMinutes: 0,
      noticeMinutes: 1440,
      horizonDays: 30,
      requiresApproval: true,
      requiresQualification: false,
    },
    typicalMinutes: [60, 60, 120, 180],
    annual: 55,
    fields: ['medical', 'life'],
    purposes: ['脑卒中患者功能磁共振研究', '肝脏脂肪定量成像', '认知老化弥散张量成像队列', '肿瘤灌注成像研究'],
  },
}

// ---------------------------------------------------------------------------------------------
// Where each instrument stands

interface Placement {
  kind: KindKey
  at: string
  model: number
  status?: InstrumentStatus
  rules?: Partial<Rules>
  /** Reservations a year relative to the kind's base. */
  load?: number
}

const SERVICE: Partial<Rules> = { mode: 'service', requiresQualification: false }

const PLACEMENTS: Placement[] = [
  // 场发射扫描电镜: most in Ningbo
  { kind: 'fesem', at: 'nimte', model: 2, rules: { openingHours: LONG_7 }, load: 1.5 },
  { kind: 'fesem', at: 'nimte', model: 1, status: 'retired' },
  { kind: 'fesem', at: 'nbu', model: 0, load: 1.2 },
  { kind: 'fesem', at: 'unnc', model: 0 },
  { kind: 'fesem', at: 'eit', model: 2 },
  { kind: 'fesem', at: 'nbut', model: 1, status: 'maintenance' },
  { kind: 'fesem', at: 'tjuzj', model: 0 },
  { kind: 'fesem', at: 'yjlab', model: 2, rules: { openingHours: LONG_7 } },
  { kind: 'fesem', at: 'zjou', model: 1 },
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

export interface DemoInstrument {
  /** Stable key, e.g. "nimte-fesem-1". */
  key: string
  institution: string
  kind: KindKey
  name: string
  model: string
  manufacturer: string
  category: CategoryCode
  /** 原值 in CNY. */
  originalValue: number
  location: string
  specs: string
  functions: string
  contact: string
  status: InstrumentStatus
  mode: InstrumentMode
  openingHours: OpeningPeriod[]
  slotMinutes: number
  minMinutes: number
  maxMinutes: number
  bufferMinutes: number
  noticeMinutes: number
  horizonDays: number
  requiresApproval: boolean
  requiresQualification: boolean
  /** Expected reservations a year, for the history generator. */
  annualReservations: number
  typicalMinutes: number[]
  fields: ResearchField[]
  /** Purposes of use; "field,field|text" fits researchers of those fields only. */
  purposes: string[]
}

/** A purpose of use that fits a researcher's field (an untagged one fits everyone). */
export function purposeFor(
  instrument: DemoInstrument,
  field: ResearchField | null,
  pick: <T>(items: readonly T[]) => T,
) {
  const parsed = instrument.purposes.map((entry) => {
    const bar = entry.indexOf('|')
    return bar < 0
      ? { fields: null, text: entry }
      : { fields: entry.slice(0, bar).split(','), text: entry.slice(bar + 1) }
  })
  const fitting = parsed.filter((p) => p.fields === null || (field !== null && p.fields.includes(field)))
  return pick(fitting.length > 0 ? fitting : parsed).text
}

function location(rng: ReturnType<typeof createPrng>, institution: DemoInstitution, kind: Kind): string {
  const building =
    institution.buildings[kind.building] ?? institution.buildings.analysis ?? Object.values(institution.buildings)[0]
  if (kind.building === 'dock') return `${institution.campus}${building ?? '科考码头'} ${rng.int(1, 3)} 号泊位`
  if (kind.building === 'naval') return `${institution.campus} ${building ?? ''} 拖曳水池大厅`
  if (kind.building === 'marine' && kind.category === 'marine') {
    return `${institution.campus} ${building ?? ''} ${rng.int(1, 2)} 楼设备库 ${rng.int(101, 120)} 室`
  }
  if (kind.building === 'medical') return `${institution.campus} ${building ?? ''} 磁共振 ${rng.int(2, 4)} 号机房`
  // electron microscopes sit on the ground floor or in the basement, away from vibration
  const floor = kind.category === 'electron-optics' ? rng.pick(['B1', '1']) : String(rng.int(1, 5))
  return `${institution.campus} ${building ?? ''} ${floor}${String(rng.int(1, 28)).padStart(2, '0')} 室`
}

function buildInstruments(): DemoInstrument[] {
  const rng = createPrng('yongzhou-demo-catalogue')
  const counters = new Map<string, number>()
  const phones = new Set<string>()
  const phoneFor = (city: CityCode): string => {
    for (;;) {
      const phone =
        city === 'ningbo' ? `0574-8760${String(rng.int(0, 9999)).padStart(4, '0')}` : `0580-2260${rng.int(100, 999)}`
      if (!phones.has(phone)) {
        phones.add(phone)
        return phone
      }
    }
  }
  return PLACEMENTS.map((placement) => {
    const kind = KINDS[placement.kind]
    const institution = demoInstitution(placement.at)
    const model = kind.models[placement.model] ?? kind.models[0]!
    const counterKey = `${placement.at}-${placement.kind}`
    const n = (counters.get(counterKey) ?? 0) + 1
    counters.set(counterKey, n)
    const rules: Rules = { ...kind.rules, ...placement.rules }
    const [low, high] = kind.value
    const originalValue = Math.round((low + rng.next() * (high - low)) * 100) * 100
    return {
      key: `${counterKey}-${n}`,
      institution: placement.at,
      kind: placement.kind,
      name: kind.name,
      model: model.model,
      manufacturer: model.manufacturer,
      category: kind.category,
      originalValue,
      location: location(rng, institution, kind),
      specs: model.specs,
      functions: kind.functions,
      contact: `${kind.lab} ${phoneFor(institution.city)}`,
      status: placement.status ?? 'active',
      ...rules,
      annualReservations: Math.round(kind.annual * (placement.load ?? 1) * (0.48 + rng.next() * 0.2)),
      typicalMinutes: kind.typicalMinutes,
      fields: kind.fields,
      purposes: kind.purposes,
    }
  })
}

export const DEMO_INSTRUMENTS: readonly DemoInstrument[] = buildInstruments()

// ---------------------------------------------------------------------------------------------
// People (all fictitious)

export interface DemoUser {
  email: string
  name: string
  role: DemoRole
  /** Short code of the institution; null for the platform admin. */
  institution: string | null
  field: ResearchField | null
  note: string
}

/** Researchers besides the two demo logins: institution and field. */
const RESEARCHERS: [string, ResearchField][] = [
  ['nbu', 'life'],
  ['nbu', 'chemistry'],
  ['nbu', 'marine-bio'],
  ['nbu', 'medical'],
  ['unnc', 'chemistry'],
  ['unnc', 'materials'],
  ['eit', 'life'],
  ['eit', 'materials'],
  ['nbut', 'manufacturing'],
  ['nbut', 'materials'],
  ['zwu', 'life'],
  ['nit', 'manufacturing'],
  ['nimte', 'materials'],
  ['nimte', 'materials'],
  ['nimte', 'chemistry'],
  ['yjlab', 'materials'],
  ['tjuzj', 'chemistry'],
  ['buaanb', 'manufacturing'],
  ['nbu1h', 'medical'],
  ['huamei', 'medical'],
  ['zjou', 'marine-bio'],
  ['zjou', 'naval'],
  ['zjou', 'ocean'],
  ['zjou', 'chemistry'],
  ['zjuocean', 'ocean'],
  ['zjuocean', 'naval'],
  ['zimc', 'naval'],
  ['donghai', 'ocean'],
  ['donghai', 'materials'],
  ['zmdi', 'ocean'],
  ['zmfri', 'marine-bio'],
  ['zmfri', 'marine-bio'],
  ['zshosp', 'medical'],
]

const SURNAMES: [string, string][] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['林', 'lin'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['董', 'dong'],
  ['潘', 'pan'],
  ['蒋', 'jiang'],
  ['叶', 'ye'],
  ['沈', 'shen'],
  ['姚', 'yao'],
  ['应', 'ying'],
  ['邵', 'shao'],
  ['俞', 'yu'],
  ['金', 'jin'],
]

const GIVEN: [string, string][] = [
  ['海', 'hai'],
  ['洋', 'yang'],
  ['晓', 'xiao'],
  ['雯', 'wen'],
  ['志', 'zhi'],
  ['建', 'jian'],
  ['华', 'hua'],
  ['丽', 'li'],
  ['俊', 'jun'],
  ['杰', 'jie'],
  ['明', 'ming'],
  ['涛', 'tao'],
  ['婷', 'ting'],
  ['静', 'jing'],
  ['磊', 'lei'],
  ['敏', 'min'],
  ['宇', 'yu'],
  ['航', 'hang'],
  ['思', 'si'],
  ['远', 'yuan'],
  ['佳', 'jia'],
  ['慧', 'hui'],
  ['博', 'bo'],
  ['欣', 'xin'],
  ['然', 'ran'],
  ['涵', 'han'],
  ['浩', 'hao'],
  ['晨', 'chen'],
  ['琪', 'qi'],
  ['凯', 'kai'],
  ['帆', 'fan'],
  ['鹏', 'peng'],
  ['颖', 'ying'],
  ['瑶', 'yao'],
  ['群', 'qun'],
  ['斌', 'bin'],
  ['琳', 'lin'],
  ['宁', 'ning'],
  ['舟', 'zhou'],
  ['澜', 'lan'],
]

const ROLE_NOTES: Record<DemoRole, string> = {
  platform_admin: '平台管理员：管理全部单位、用户与仪器',
  talent_office: '人才办：查看两市全部预约与共享统计，设置年度目标',
  institution_admin: '单位管理员：管理本单位仪器、审批预约、培训认证',
  researcher: '科研人员',
}

function buildUsers(): DemoUser[] {
  const rng = createPrng('yongzhou-demo-people')
  const taken = new Set<string>()
  const person = (): { name: string; pinyin: string } => {
    for (;;) {
      const [surname, surnamePinyin] = rng.pick(SURNAMES)
      const parts = rng.chance(0.8) ? [rng.pick(GIVEN), rng.pick(GIVEN)] : [rng.pick(GIVEN)]
      if (parts.length === 2 && parts[0]![0] === parts[1]![0]) continue
      const name = surname + parts.map((p) => p[0]).join('')
      const pinyin = `${surnamePinyin}.${parts.map((p) => p[1]).join('')}`
      if (taken.has(name) || taken.has(pinyin)) continue
      taken.add(name)
      taken.add(pinyin)
      return { name, pinyin }
    }
  }
  const users: DemoUser[] = [
    {
      email: 'admin@demo.yz',
      name: '平台管理员',
      role: 'platform_admin',
      institution: null,
      field: null,
      note: ROLE_NOTES.platform_admin,
    },
    {
      email: 'talent.ningbo@demo.yz',
      name: person().name,
      role: 'talent_office',
      institution: 'talentnb',
      field: null,
      note: `${ROLE_NOTES.talent_office}（宁波）`,
    },
    {
      email: 'talent.zhoushan@demo.yz',
      name: person().name,
      role: 'talent_office',
      institution: 'talentzs',
      field: null,
      note: `${ROLE_NOTES.talent_office}（舟山）`,
    },
  ]
  for (const institution of DEMO_INSTITUTIONS) {
    if (institution.kind === 'government') continue
    users.push({
      email: `admin.${institution.short}@demo.yz`,
      name: person().name,
      role: 'institution_admin',
      institution: institution.short,
      field: null,
      note: `${ROLE_NOTES.institution_admin}（${institution.name}）`,
    })
  }
  users.push(
    {
      email: 'researcher.zs@demo.yz',
      name: person().name,
      role: 'researcher',
      institution: 'zjou',
      field: 'marine-bio',
      note: '新人演示账号：舟山的海洋生物研究者，可直接预约宁波的 X 射线衍射仪，已获宁波材料所场发射扫描电镜上机资格',
    },
    {
      email: 'researcher.nb@demo.yz',
      name: person().name,
      role: 'researcher',
      institution: 'nbu',
      field: 'materials',
      note: '宁波的海洋防腐材料研究者，常用舟山的科考船与 CTD',
    },
  )
  for (const [short, field] of RESEARCHERS) {
    const { name, pinyin } = person()
    users.push({
      email: `${pinyin}@demo.yz`,
      name,
      role: 'researcher',
      institution: short,
      field,
      note: `${ROLE_NOTES.researcher}：${FIELD_NAMES[field]}`,
    })
  }
  return users
}

export const DEMO_USERS: readonly DemoUser[] = buildUsers()

export interface DemoAccount {
  email: string
  role: DemoRole
  institutionName: string | null
  note: string
}

/** Every demo login (password `demo1234`), for the README. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = DEMO_USERS.map((user) => ({
  email: user.email,
  role: user.role,
  institutionName: user.institution === null ? null : demoInstitution(user.institution).name,
  note: user.note,
}))
