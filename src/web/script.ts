/**
 * The one small script (progressive enhancement; every page works without it): choosing a free cell of the week
 * calendar fills the booking form in place instead of reloading the page.
 */
export const SCRIPT_PATH = '/static/app.js'

export const SCRIPT = `(() => {
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
    history.replaceState(null, '', link.href)
    form.scrollIntoView({ block: 'nearest' })
    start.focus()
  })
})()
`
