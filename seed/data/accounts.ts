/**
 * The demo's accounts (all fictitious, password `demo1234`): the fixed logins the README lists and
 * the researchers by institution and field. Their names are drawn by the generator from names.ts,
 * and every institution but a government office gets an admin there too.
 */
import type { ResearchField } from './research-fields.js'

export type DemoRole = 'researcher' | 'institution_admin' | 'talent_office' | 'platform_admin'

export const DEMO_PASSWORD = 'demo1234'

export const ROLE_NOTES: Record<DemoRole, string> = {
  platform_admin: '平台管理员：管理全部单位、用户与仪器',
  talent_office: '人才办：查看两市全部预约与共享统计，设置年度目标',
  institution_admin: '单位管理员：管理本单位仪器、审批预约、培训认证',
  researcher: '科研人员',
}

/** A login the demo always has. A null `name` is drawn from the fictitious names. */
export interface FixedAccount {
  email: string
  name: string | null
  role: DemoRole
  /** Short code of the institution; null for the platform admin. */
  institution: string | null
  field: ResearchField | null
  note: string
}

/** The platform admin and the two talent offices: the first accounts, in this order. */
export const OFFICE_ACCOUNTS: readonly FixedAccount[] = [
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
    name: null,
    role: 'talent_office',
    institution: 'talentnb',
    field: null,
    note: `${ROLE_NOTES.talent_office}（宁波）`,
  },
  {
    email: 'talent.zhoushan@demo.yz',
    name: null,
    role: 'talent_office',
    institution: 'talentzs',
    field: null,
    note: `${ROLE_NOTES.talent_office}（舟山）`,
  },
]

/** The two researchers the README introduces, after the institution admins. */
export const DEMO_RESEARCHER_LOGINS: readonly FixedAccount[] = [
  {
    email: 'researcher.zs@demo.yz',
    name: null,
    role: 'researcher',
    institution: 'zjou',
    field: 'marine-bio',
    note: '新人演示账号：舟山的海洋生物研究者，可直接预约宁波的 X 射线衍射仪，已获宁波材料所场发射扫描电镜上机资格',
  },
  {
    email: 'researcher.nb@demo.yz',
    name: null,
    role: 'researcher',
    institution: 'nbu',
    field: 'materials',
    note: '宁波的海洋防腐材料研究者，常用舟山的科考船与 CTD',
  },
  {
    email: 'enterprise.zs@demo.yz',
    name: null,
    role: 'researcher',
    institution: 'hailan',
    field: 'marine-bio',
    note: '舟山企业的研发人员：持舟山、宁波两市创新券，可在宁波预约电镜与质谱并用券抵扣',
  },
  {
    email: 'enterprise.nb@demo.yz',
    name: null,
    role: 'researcher',
    institution: 'yxmat',
    field: 'materials',
    note: '宁波企业的研发人员：持宁波创新券，也持一张舟山创新券，常用舟山的海洋测试设施',
  },
]

/** Researchers besides the two demo logins: institution and field. */
export const RESEARCHERS: [string, ResearchField][] = [
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
  ['yxmat', 'chemistry'],
  ['hsmfg', 'manufacturing'],
  ['hsmfg', 'materials'],
  ['hailan', 'marine-bio'],
  ['dhship', 'naval'],
  ['dhship', 'ocean'],
]
