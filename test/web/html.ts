import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser'

/*
 * Pages and SVG as parsed documents, so that a test says what a page shows — this input's value, the text of that
 * table's cells — instead of how its markup happens to be spelled (attribute order, quoting, entities).
 * `html(page).select('table#x td')`, `html(page).text()`, `html(page).value('#book-start')`.
 */

export interface Html {
  root: HTMLElement
  /** every element matching the CSS selector, in document order */
  select(selector: string): HTMLElement[]
  /** the first element matching the selector; throws (failing the test) when there is none */
  one(selector: string): HTMLElement
  has(selector: string): boolean
  /** the text of the page, or of every element matching `selector`: its words as a reader gets them (see textOf) */
  text(selector?: string): string
  /** an attribute of the first element matching, entities decoded; undefined when absent */
  attr(selector: string, name: string): string | undefined
  /** what a form control holds: an input's value, a textarea's text, a select's chosen option */
  value(selector: string): string
  /** the text of what describes the first element matching (its aria-describedby: a hint, an error) */
  description(selector: string): string
  /** whether `needle` is anywhere in the page: in its text or in any attribute (an id in a link, a form's action) */
  mentions(needle: string): boolean
}

const parsed = new WeakMap<object, Html>()

/** The document of a page answer (`{ text }`) or of markup; parsed once per answer. */
export function html(page: { text: string } | string): Html {
  if (typeof page === 'string') return documentOf(page)
  let doc = parsed.get(page)
  if (!doc) {
    doc = documentOf(page.text)
    parsed.set(page, doc)
  }
  return doc
}

function documentOf(markup: string): Html {
  const root = parse(markup, { comment: false })
  const one = (selector: string) => {
    const element = root.querySelector(selector)
    if (!element) throw new Error(`no element matches ${selector}`)
    return element
  }
  return {
    root,
    select: (selector) => root.querySelectorAll(selector),
    one,
    has: (selector) => root.querySelector(selector) !== null,
    text: (selector) => (selector ? root.querySelectorAll(selector).map(textOf).join(' ') : textOf(root)),
    attr: (selector, name) => one(selector).getAttribute(name),
    value(selector) {
      const element = one(selector)
      if (element.tagName === 'TEXTAREA') return element.text
      if (element.tagName === 'SELECT')
        return (
          (element.querySelector('option[selected]') ?? element.querySelector('option'))?.getAttribute('value') ?? ''
        )
      return element.getAttribute('value') ?? ''
    },
    description(selector) {
      const ids = (one(selector).getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
      return ids.map((id) => textOf(one(`[id="${id}"]`))).join(' ')
    },
    mentions: (needle) =>
      textOf(root).includes(needle) ||
      root.querySelectorAll('*').some((element) => Object.values(element.attributes).some((v) => v.includes(needle))),
  }
}

/**
 * The words of a node as a reader gets them: its text nodes (entities decoded) joined by spaces, so that the cells
 * of a row read `宁波大学 2 2`, with runs of white space collapsed; scripts and styles are not text.
 */
export function textOf(node: Node): string {
  const words: string[] = []
  const walk = (n: Node) => {
    if (n.nodeType === NodeType.TEXT_NODE) words.push(n.text)
    else if (n.nodeType === NodeType.ELEMENT_NODE && !['SCRIPT', 'STYLE'].includes((n as HTMLElement).tagName))
      for (const child of n.childNodes) walk(child)
  }
  walk(node)
  return words.join(' ').replace(/\s+/g, ' ').trim()
}
