/**
 * The one small script (progressive enhancement; every page works without it): choosing a free cell of the week
 * calendar fills the booking form in place instead of reloading the page, and then — as when the time or the voucher
 * is changed by hand — marks the server's cost estimate as out of date (its "update the cost" button renders a new
 * one); a print button prints.
 */
export const SCRIPT_PATH = '/static/app.js'

export const SCRIPT = `(() => {
  const staleQuote = () => document.querySelector('#quote')?.classList.add('stale')
  const changesQuote = (target) =>
    target instanceof Element && target.matches('#book [name=start], #book [name=end], #book [name=voucherId]')
  document.addEventListener('input', (event) => changesQuote(event.target) && staleQuote())
  document.addEventListener('change', (event) => changesQuote(event.target) && staleQuote())
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('button[data-print]')) window.print()
  })
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('table.week td.free a') : null
    const form = document.querySelector('#book form')
    if (!link || !form || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return
    const start = form.querySelector('[name=start]')
    const end = form.querySelector('[name=end]')
    const params = new URL(link.href).searchParams
    if (!start || !end || !params.get('start') || !params.get('end')) return
    event.preventDefault()
    start.value = params.get('start')
    end.value = params.get('end')
    for (const cell of document.querySelectorAll('table.week td.chosen')) cell.classList.remove('chosen')
    link.parentElement.classList.add('chosen')
    staleQuote()
    history.replaceState(null, '', link.href)
    form.scrollIntoView({ block: 'nearest' })
    start.focus()
  })
})()
`
