/**
 * The report's only script, inlined: the matrix and principal filters (team, persona, service,
 * search). It reads data-* attributes only, so no report data is ever interpolated into code.
 */
export const SCRIPT = `
(function () {
  "use strict";
  var $ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
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
