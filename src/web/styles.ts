/** The one stylesheet, served at STYLESHEET_PATH (no CDN, no web fonts: system fonts only). */
export const STYLESHEET_PATH = '/static/app.css'

export const STYLESHEET = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--soft:#f4f6f8;--line:#d0d7de;--brand:#0b5cad;--brand-fg:#fff;
--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#8a5a00;--warn-bg:#fff4d6;--bad:#b42318;--bad-bg:#ffe4e1;--info:#0b5cad;--info-bg:#ddf0ff;
--focus:#f59e0b;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);line-height:1.55;font-size:16px}
a{color:var(--brand)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
header.site{background:var(--brand);color:var(--brand-fg)}
header.site .bar{max-width:1200px;margin:0 auto;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center}
header.site a,header.site button.link{color:var(--brand-fg)}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;margin-right:auto}
.brand small{font-weight:400;font-size:.8rem;opacity:.85;margin-left:8px}
nav.main ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:0}
nav.main a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.account{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;font-size:.9rem}
.account form{margin:0}
button.link{background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer;color:var(--brand)}
main{max-width:1200px;margin:0 auto;padding:16px}
footer.site{max-width:1200px;margin:24px auto;padding:16px;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.6rem;margin:.4em 0}h2{font-size:1.25rem;margin:1.2em 0 .5em}
.notice{padding:10px 14px;border-radius:6px;margin:12px 0;border:1px solid}
.notice.ok{background:var(--ok-bg);border-color:var(--ok);color:#0f3d1e}
.notice.error{background:var(--bad-bg);border-color:var(--bad);color:#5c0f0a}
.notice.info{background:var(--info-bg);border-color:var(--info)}
form.stack label,fieldset label{display:block;font-weight:600;margin:.6em 0 .2em}
input,select,textarea{font:inherit;padding:6px 8px;border:1px solid #8c959f;border-radius:4px;max-width:100%;background:#fff;color:var(--fg)}
textarea{width:100%;min-height:4em}
button,.button{font:inherit;padding:7px 14px;border-radius:4px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
button.danger{background:var(--bad);border-color:var(--bad)}
fieldset{border:1px solid var(--line);border-radius:6px;padding:8px 14px 14px;margin:0 0 12px}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:0 16px}
.filters .wide{grid-column:1/-1}
.filters input,.filters select{width:100%}
.hint{color:var(--muted);font-size:.85rem;margin:.2em 0}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-top:12px}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fff}
.card h3{margin:0 0 4px;font-size:1.05rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0 0;font-size:.92rem}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;font-weight:600;border:1px solid;white-space:nowrap}
.badge::before{content:"● "}
.badge.ok{color:var(--ok);background:var(--ok-bg)}.badge.warn{color:var(--warn);background:var(--warn-bg)}
.badge.bad{color:var(--bad);background:var(--bad-bg)}.badge.muted{color:var(--muted);background:var(--soft)}
.badge.info{color:var(--info);background:var(--info-bg)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;position:relative}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
table.data th,table.data td{overflow-wrap:anywhere}
table.data .num{text-align:right;white-space:nowrap;width:1%;font-variant-numeric:tabular-nums;overflow-wrap:normal}
table.data th[scope=row]{font-weight:400}
table.week{min-width:720px;font-size:.82rem;table-layout:fixed}
table.week th[scope=row]{width:4.5em;background:var(--soft);font-weight:400}
table.week td{text-align:center;padding:0;height:1.9em}
table.week td a,table.week td span{display:block;padding:3px 2px}
td.free{background:var(--ok-bg)}td.free a{color:var(--ok);font-weight:600}
td.busy{background:var(--bad-bg);color:var(--bad)}
td.blackout{background:repeating-linear-gradient(45deg,var(--soft),var(--soft) 4px,#e6e8eb 4px,#e6e8eb 8px);color:var(--muted)}
td.closed{background:#fafbfc;color:#8c959f}td.unavailable{color:var(--muted)}
td.chosen{outline:3px solid var(--brand);outline-offset:-3px}
.legend{display:flex;flex-wrap:wrap;gap:12px;list-style:none;padding:0;font-size:.85rem}
.legend span{display:inline-block;padding:0 6px;border:1px solid var(--line)}
.legend .free{background:var(--ok-bg);color:var(--ok)}.legend .busy{background:var(--bad-bg);color:var(--bad)}
.legend .blackout{background:#e6e8eb}.legend .closed{background:#fafbfc}
.weeknav{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:8px 0}
.layout-2{display:grid;grid-template-columns:1fr;gap:16px}.layout-2>*{min-width:0}
@media (min-width:900px){.layout-2{grid-template-columns:2fr 1fr}}
.muted{color:var(--muted)}
ul.plain{list-style:none;margin:0;padding:0}td .actions{margin-top:0}
form.inline{display:inline}.field{min-width:0}
.field.check{display:flex;gap:8px;align-items:baseline}.field.check label{margin:.4em 0}
.inline-form{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:flex-end;margin:12px 0}.actions .inline-form{margin:0}
.field.inline{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}.inline-form .field label{margin-top:0}
form.decision{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:flex-end}td form+form{margin-top:6px}fieldset{min-width:0}.field-error{color:var(--bad);font-size:.85rem;margin:.2em 0}
[aria-invalid=true]{border-color:var(--bad);outline:1px solid var(--bad)}svg.chart{display:block;width:100%;max-width:880px;height:auto;margin:8px 0}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button,.button{white-space:nowrap}
.demo-banner{margin:0;padding:8px 16px;background:var(--warn-bg);color:#5c3c00;border-bottom:2px solid var(--warn);text-align:center;font-size:.92rem}
@media (max-width:600px){h1{font-size:1.35rem}main{padding:12px}.brand small{display:none}
table.stack thead{position:absolute;left:-9999px}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:6px 8px}
table.stack td,table.stack th{display:block;width:100%;border:0;padding:2px 0;text-align:left}
table.stack [data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
table.stack td>.field:not(.check){display:inline-block}
table.stack.lines tr{display:flex;flex-wrap:wrap;gap:2px 14px;align-items:center}table.stack.lines td{width:auto}}
`
