import { VALUES_SCRIPT } from "./values.js";

/**
 * The report's only script, inlined. It fills what the page holds once but shows many times:
 * matrix rows that repeat an earlier row's cells (`data-same`, the earlier row's index), a
 * principal's effective permissions (`data-perm`) and a policy's document (`data-doc`), both
 * references into the shared values and built when their `<details>` first opens. Then the matrix
 * and principal filters (team, persona, service, search). Text reaches the page through `esc` or
 * `textContent` only; no report data is ever interpolated into code.
 */
export const SCRIPT = `
(function () {
  "use strict";
  var $ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  ${VALUES_SCRIPT}
  function esc(s) {
    return bidi(String(s)).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  // Bidirectional controls written visibly, as the page's own text (esc in html.ts).
  function bidi(s) {
    return s.replace(/[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]/g, function (ch) {
      return "\\\\u" + ("000" + ch.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  // Rows the same as an earlier one: copies of its cells, each titled for this row's principal.
  var matrixRows = $("table.matrix tbody tr");
  matrixRows.forEach(function (tr) {
    var who = tr.querySelector("th[data-same]");
    if (!who) return;
    var from = matrixRows[Number(who.getAttribute("data-same"))];
    var skip = from.getAttribute("data-principal").length, principal = tr.getAttribute("data-principal");
    $("td", from).forEach(function (td) {
      var copy = td.cloneNode(true);
      copy.setAttribute("title", principal + td.getAttribute("title").slice(skip));
      tr.appendChild(copy);
    });
  });
  // Effective permissions: [[service, access level, [[actions, resources, [[resource, why]], conditions, status]]]].
  function permissions(groups) {
    var rows = [];
    groups.forEach(function (g) {
      g[2].forEach(function (l, i) {
        rows.push("<tr>" + (i === 0 ? '<td rowspan="' + g[2].length + '"><b>' + esc(g[0]) + '</b><br><span class="chip">' + esc(g[1]) + "</span></td>" : "") +
          '<td class="actions">' + esc(l[0]) + "</td><td>" +
          l[1].map(function (r) { return '<div class="res">' + esc(r) + "</div>"; }).join("") +
          l[2].map(function (x) { return '<div class="except"><b>except</b> <span class="res">' + esc(x[0]) + "</span> — " + esc(x[1]) + "</div>"; }).join("") +
          (l[3] ? '<div class="cond">when ' + esc(l[3]) + "</div>" : "") +
          '</td><td><span class="st ' + esc(l[4]) + '">' + esc(l[4]) + "</span></td></tr>");
      });
    });
    return '<table class="list stack perms"><thead><tr><th>Service</th><th>Actions</th><th>Resources and conditions</th><th>Status</th></tr></thead><tbody>' +
      rows.join("\\n") + "</tbody></table>";
  }
  function fill(details) {
    var perm = details.querySelector("[data-perm]"), doc = details.querySelector(":scope > pre[data-doc]");
    if (perm) {
      perm.outerHTML = permissions(value(Number(perm.getAttribute("data-perm"))));
    } else if (doc && !doc.firstChild) {
      doc.textContent = bidi(JSON.stringify(value(Number(doc.getAttribute("data-doc"))), null, 2));
    }
  }
  document.addEventListener("toggle", function (e) { if (e.target.open) fill(e.target); }, true);
  $("details[open]").forEach(fill);

  var team = document.getElementById("filter-team");
  var persona = document.getElementById("filter-persona");
  var service = document.getElementById("filter-service");
  var search = document.getElementById("filter-search");
  var shown = document.getElementById("shown");
  if (!team) return;
  var capHeads = $("table.matrix thead tr.caps th[data-col]");
  function apply() {
    var t = team.value, p = persona.value, s = service.value, q = (search.value || "").trim().toLowerCase();
    var visible = 0, total = 0;
    $("[data-principal]").forEach(function (el) {
      var ok = (!t || el.getAttribute("data-team") === t) &&
        (!p || el.getAttribute("data-persona") === p) &&
        (!q || el.getAttribute("data-principal").toLowerCase().indexOf(q) >= 0);
      el.hidden = !ok;
      if (el.tagName === "TR") { total++; if (ok) visible++; }
    });
    var hiddenCols = {};
    capHeads.forEach(function (th) {
      var services = (th.getAttribute("data-services") || "").split(" ");
      var hide = !!s && services.indexOf(s) < 0;
      if (hide) hiddenCols[th.getAttribute("data-col")] = true;
    });
    $("table.matrix [data-col]").forEach(function (el) {
      el.classList.toggle("hidden-col", !!hiddenCols[el.getAttribute("data-col")]);
    });
    $("table.matrix thead tr.groups th[data-cols]").forEach(function (th) {
      var cols = th.getAttribute("data-cols").split(" ");
      var n = cols.filter(function (c) { return !hiddenCols[c]; }).length;
      th.colSpan = Math.max(1, n);
      th.classList.toggle("hidden-col", n === 0);
    });
    shown.textContent = "Showing " + visible + " of " + total + " principals";
  }
  [team, persona, service].forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  apply();
})();
`;
