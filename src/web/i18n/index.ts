import { en } from './en.js'
import { zh } from './zh.js'

export type Lang = 'zh' | 'en'
export type MessageKey = keyof typeof zh
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { zh, en }

export const LANG_COOKIE = 'yz_lang'
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' }

export const isLang = (value: string | undefined | null): value is Lang => value === 'zh' || value === 'en'
export const isMessageKey = (value: string): value is MessageKey => Object.hasOwn(zh, value)

/** `t('rules.slot', { n: '30 分钟' })`: the string of the key in `lang`, with `{name}` placeholders filled. */
export function translator(lang: Lang): Translate {
  const catalogue = CATALOGUES[lang]
  return (key, params) => {
    const text = catalogue[key]
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text
  }
}

/** The first of zh/en in Accept-Language by quality (ties keep header order); null if neither is named. */
export function langOfAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en'
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh'
  }
  return null
}

/** ?lang= beats the remembered cookie, which beats Accept-Language; zh-CN by default. */
export function negotiateLang(query: string | undefined, cookie: string | undefined, accept: string | undefined): Lang {
  if (isLang(query)) return query
  if (isLang(cookie)) return cookie
  return langOfAcceptLanguage(accept) ?? 'zh'
}
