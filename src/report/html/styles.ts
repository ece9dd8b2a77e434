/** The report's stylesheet, inlined: system fonts only, no external assets. */
export const STYLES = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --ink: #1d232b; --muted: #5d6775; --line: #e3e6eb; --accent: #3451b2;
  --allow: 22, 148, 90; --cond: 214, 140, 0; --deny: #eef0f3;
  --sev-error: #c62828; --sev-security: #8e24aa; --sev-warning: #b26a00; --sev-suggestion: #3451b2;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { scroll-behavior: smooth; scroll-padding-top: 64px; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #1d2633; color: #fff; padding: 28px 32px 22px; }
header.top h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; letter-spacing: -0.01em; }
header.top .meta { color: #b8c2d0; font-size: 13px; }
header.top .meta span { display: inline-block; }
header.top .meta span + span::before { content: "·"; margin: 0 8px; color: #6d7a8c; }
nav.sections {
  position: sticky; top: 0; z-index: 20; display: flex; gap: 4px; overflow-x: auto; white-space: nowrap;
  background: rgba(255,255,255,.96); border-bottom: 1px solid var(--line); padding: 8px 24px;
  backdrop-filter: blur(6px);
}
nav.sections a { padding: 6px 12px; border-radius: 6px; color: var(--ink); font-weight: 550; font-size: 14px; }
nav.sections a:hover { background: #eef1f6; text-decoration: none; }
nav.sections .count { color: var(--muted); font-weight: 450; margin-left: 4px; }
main { max-width: 1400px; margin: 0 auto; padding: 20px 24px 60px; }
section.block { margin-top: 28px; }
section.block > h2 { font-size: 19px; margin: 0 0 4px; font-weight: 650; }
section.block > p.lead { margin: 0 0 14px; color: var(--muted); font-size: 14px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { padding: 14px 16px; }
.card .figure { font-size: 26px; font-weight: 680; line-height: 1.15; }
.card .label { color: var(--muted); font-size: 13px; }
.card .sub { color: var(--muted); font-size: 12px; margin-top: 2px; }
.card.bad .figure { color: var(--sev-error); }
.card[title] { cursor: help; }
details.about { margin-top: 8px; font-size: 13px; color: var(--muted); }
details.about summary { cursor: pointer; color: var(--accent); }
details.about dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0 0; }
details.about dt { font-weight: 650; color: var(--ink); }
details.about dd { margin: 0; }
#attention { margin-top: 8px; }
.headline { margin: 0; font-size: 17px; font-weight: 650; padding: 12px 16px; border-radius: 10px; border: 1px solid var(--line); background: var(--panel); }
.headline a { color: inherit; }
.headline.bad { border-left: 5px solid var(--sev-error); }
.headline.warn { border-left: 5px solid var(--sev-warning); }
.headline.ok { border-left: 5px solid rgb(var(--allow)); }
ul.attention { margin: 8px 0 0; padding: 0; list-style: none; display: grid; gap: 4px; font-size: 14px; }
ul.attention li { padding: 6px 12px 6px 14px; border-left: 4px solid var(--line); background: var(--panel); border-radius: 6px; }
ul.attention li.bad { border-left-color: var(--sev-error); }
ul.attention li.warn { border-left-color: var(--sev-warning); }
ul.attention li a { color: var(--ink); }
.rule-counts { display: flex; flex-wrap: wrap; gap: 6px 16px; padding: 10px 14px; border-bottom: 1px solid var(--line); font-size: 13px; color: var(--muted); }
details.rule-group { border-bottom: 1px solid var(--line); }
details.rule-group:last-child { border-bottom: 0; }
details.rule-group > summary { cursor: pointer; padding: 10px 14px; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
details.rule-group > summary .count { color: var(--muted); font-size: 13px; }
details.rule-group > p.explain { margin: 0 14px 8px; color: var(--muted); font-size: 13px; }
ul.where { margin: 0; padding-left: 16px; font-size: 13px; }
.times { font-size: 12px; font-weight: 650; color: var(--muted); margin-left: 4px; }
td.reason { font-size: 13.5px; }
.card.good .figure { color: rgb(var(--allow)); }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 10px 16px; padding: 12px 14px; border-bottom: 1px solid var(--line); }
.toolbar label { font-size: 13px; color: var(--muted); display: flex; align-items: center; gap: 6px; }
.toolbar select, .toolbar input[type=search] {
  font: inherit; font-size: 14px; padding: 5px 8px; border: 1px solid #cfd5de; border-radius: 6px; background: #fff; color: var(--ink);
}
.toolbar .shown { margin-left: auto; font-size: 13px; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 8px 16px; padding: 10px 14px; font-size: 13px; color: var(--muted); border-bottom: 1px solid var(--line); }
.legend .sw { display: inline-block; width: 28px; height: 16px; border-radius: 4px; vertical-align: -3px; margin-right: 6px; border: 1px solid rgba(0,0,0,.06); }
.matrix-wrap { overflow: auto; max-height: 72vh; border-radius: 0 0 10px 10px; }
table { border-collapse: separate; border-spacing: 0; }
table.matrix { font-size: 13px; min-width: 100%; }
table.matrix th, table.matrix td, table.datasets th, table.datasets td { border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); }
table.matrix thead th, table.datasets thead th { position: sticky; background: #f0f2f6; z-index: 2; font-weight: 600; }
table.matrix thead tr.groups th { top: 0; height: 30px; padding: 4px 8px; text-align: center; font-size: 12.5px; }
table.matrix thead tr.caps th { top: 30px; padding: 6px 6px; font-size: 12px; color: var(--muted); white-space: nowrap; min-width: 52px; }
table.matrix th.who, table.datasets th.who { position: sticky; left: 0; z-index: 3; text-align: left; background: #f0f2f6; min-width: 190px; }
table.matrix thead th.who { z-index: 4; }
table.matrix tbody th.who, table.datasets tbody th.who { background: #fff; font-weight: 500; padding: 6px 10px; white-space: nowrap; }
table.matrix tbody th.who .tag { color: var(--muted); font-weight: 400; font-size: 12px; margin-left: 6px; }
table.matrix td, table.datasets td { text-align: center; padding: 6px 4px; font-variant-numeric: tabular-nums; font-weight: 600; min-width: 52px; }
td[data-status=Denied] { background: var(--deny); color: #a3acb8; font-weight: 400; }
/* Outright: solid green. Only under conditions: hatched amber. Mixed: the green share, then hatching. */
/* Declared on each cell, so that it reads the cell's own --a (share held). */
td, .sw { --hatch: repeating-linear-gradient(135deg, rgba(var(--cond), var(--a, .9)) 0 5px, rgba(var(--cond), calc(var(--a, .9) * .35)) 5px 9px); }
td.allow, .sw.allow { background: rgba(var(--allow), var(--a, .9)); color: #fff; }
td.cond, .sw.cond { background: var(--hatch); color: #3b2a00; }
td.mixed, .sw.mixed {
  background: linear-gradient(90deg, rgba(var(--allow), var(--a, .9)) 0 var(--g, 40%), transparent var(--g, 40%)), var(--hatch);
  color: #1d232b; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
}
table.datasets td.ds.allow { background: rgba(var(--allow), .85); color: #fff; }
table.datasets td.ds.cond, .legend .sw.cond { background: var(--hatch); color: #3b2a00; }
table.datasets td.ds.some-cond, .legend .sw.some-cond { background: linear-gradient(90deg, rgba(var(--allow), .85) 0 50%, transparent 50%), var(--hatch); color: #1d232b; text-shadow: 0 0 3px #fff; }
table.datasets { font-size: 13px; min-width: 100%; }
table.datasets td { min-width: 96px; }
table.datasets thead th { position: sticky; top: 0; padding: 6px 8px; font-size: 12.5px; vertical-align: bottom; }
table.datasets sup { font-size: 10px; margin-left: 1px; }
.chip.sensitive { background: #fdecec; color: #a11d1d; font-weight: 650; }
.chip.muted { color: var(--muted); background: #f3f4f6; }
td[data-partial], .legend .sw.partial { box-shadow: inset 0 -3px 0 var(--sev-error); }
table.matrix tbody tr:hover th.who, table.matrix tbody tr:hover td { outline: 1px solid rgba(52,81,178,.35); outline-offset: -1px; }
.hidden-col { display: none; }
tr[hidden], details[hidden] { display: none; }
.principals { display: grid; gap: 10px; }
details.principal > summary { cursor: pointer; padding: 12px 16px; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
details.principal > summary::-webkit-details-marker { display: none; }
details.principal > summary::before { content: "▸"; color: var(--muted); width: 12px; }
details.principal[open] > summary::before { content: "▾"; }
details.principal .pid { font-weight: 650; }
details.principal .pmeta { color: var(--muted); font-size: 13px; }
details.principal .body { padding: 0 16px 14px; overflow-x: auto; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: #eef1f6; color: #384252; }
table.list { width: 100%; font-size: 13.5px; }
table.list th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; padding: 8px 10px; border-bottom: 1px solid var(--line); background: #fafbfc; }
table.list td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.list tr:last-child td { border-bottom: 0; }
.actions { font-family: var(--mono); font-size: 12.5px; word-break: break-word; }
.res { font-family: var(--mono); font-size: 12px; color: #2f3a48; word-break: break-all; }
.cond { font-family: var(--mono); font-size: 12px; color: #7a5200; background: #fff6e0; border-radius: 4px; padding: 1px 6px; display: inline-block; margin-top: 3px; word-break: break-all; }
.except { font-size: 12px; color: #8a1c1c; background: #fdecec; border-radius: 4px; padding: 1px 6px; margin-top: 3px; word-break: break-all; }
.except .res { display: inline; }
.st { font-size: 12px; font-weight: 650; border-radius: 4px; padding: 1px 7px; white-space: nowrap; }
.st.Allowed { background: rgba(var(--allow), .14); color: rgb(var(--allow)); }
.st.Conditional { background: rgba(var(--cond), .16); color: #8a5a00; }
.sev { font-size: 12px; font-weight: 650; border-radius: 4px; padding: 1px 7px; color: #fff; white-space: nowrap; }
.sev.error { background: var(--sev-error); } .sev.security { background: var(--sev-security); }
.sev.warning { background: var(--sev-warning); } .sev.suggestion, .sev.info { background: var(--sev-suggestion); }
.finding .explain { color: var(--muted); font-size: 13px; margin-top: 4px; }
.finding .explain summary { cursor: pointer; color: var(--accent); }
.loc { font-family: var(--mono); font-size: 12px; color: var(--muted); }
.policy { padding: 12px 16px; scroll-margin-top: 64px; }
.policy:target { outline: 2px solid var(--accent); }
.policy + .policy { border-top: 1px solid var(--line); }
.policy h3 { margin: 0; font-size: 14.5px; font-family: var(--mono); font-weight: 600; word-break: break-all; }
.policy .pm { color: var(--muted); font-size: 13px; margin: 2px 0 6px; }
.bar { height: 8px; background: #eceff3; border-radius: 4px; overflow: hidden; max-width: 420px; }
.bar > span { display: block; height: 100%; background: #6b83d6; }
.bar.over > span { background: var(--sev-error); }
.policy pre { background: #f7f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow: auto; max-height: 420px; margin: 8px 0 0; }
.policy details summary { cursor: pointer; font-size: 13px; color: var(--accent); margin-top: 6px; }
.pass { color: rgb(var(--allow)); font-weight: 650; } .fail { color: var(--sev-error); font-weight: 650; }
.empty { padding: 16px; color: var(--muted); }
table.dataset-list td { overflow-wrap: anywhere; }
table.dataset-list a.cond-access { color: #8a5a00; }
.unreached { padding: 8px 16px 16px; color: var(--muted); overflow-wrap: anywhere; }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 24px; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  header.top { padding: 18px 16px 14px; }
  header.top h1 { font-size: 20px; }
  /* All sections in reach at phone width: the links wrap instead of scrolling out of sight. */
  nav.sections { position: static; flex-wrap: wrap; white-space: normal; padding: 6px 8px; gap: 2px; }
  nav.sections a { padding: 5px 8px; }
  details.about dl { grid-template-columns: 1fr; }
  table.datasets td { min-width: 56px; }
  main { padding: 12px 10px 40px; }
  .cards { grid-template-columns: repeat(2, 1fr); gap: 8px; }
  .card { padding: 10px 12px; } .card .figure { font-size: 22px; }
  table.matrix th.who, table.datasets th.who { min-width: 128px; max-width: 150px; }
  table.matrix tbody th.who { white-space: normal; }
  table.matrix tbody th.who .tag { display: block; margin-left: 0; }
  .toolbar .shown { margin-left: 0; width: 100%; }
  table.list.stack thead { display: none; }
  table.list.stack tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.list.stack td { display: block; border: 0; padding: 3px 10px; }
  table.list.perms td[rowspan] { background: #f3f5f8; padding: 6px 10px; }
  details.principal > summary { padding: 10px 12px; }
  details.principal .body { padding: 0 4px 10px; }
}
`;
