{% raw %}
(function () {
  "use strict";
  var table = document.getElementById("claims-table");
  var tbody = table ? table.tBodies[0] : null;
  var rows = tbody ? Array.prototype.slice.call(tbody.rows) : [];
  var sections = Array.prototype.slice.call(document.querySelectorAll("details.claim"));
  var text = document.getElementById("filter-text");
  var verdict = document.getElementById("filter-verdict");
  var family = document.getElementById("filter-family");
  var count = document.getElementById("shown-count");

  function matches(el, q, v, f) {
    var d = el.dataset;
    if (v === "failing" && d.ok !== "0") return false;
    if (v === "unconfirmed" && d.unconfirmed !== "1") return false;
    if (v === "changed" && d.changed !== "1") return false;
    if (v && v !== "failing" && v !== "unconfirmed" && v !== "changed" && d.verdict !== v) return false;
    if (f && d.family !== f) return false;
    if (q && d.search.indexOf(q) < 0) return false;
    return true;
  }

  function apply() {
    var q = (text.value || "").trim().toLowerCase(), v = verdict.value, f = family.value, n = 0;
    rows.forEach(function (r) { var ok = matches(r, q, v, f); r.hidden = !ok; if (ok) n++; });
    sections.forEach(function (s) { s.hidden = !matches(s, q, v, f); });
    count.textContent = n + " of " + rows.length + " claims shown";
  }

  if (text && verdict && family) {
    text.addEventListener("input", apply);
    verdict.addEventListener("change", apply);
    family.addEventListener("change", apply);
    document.getElementById("filter-reset").addEventListener("click", function () {
      text.value = ""; verdict.value = ""; family.value = ""; apply();
    });
    Array.prototype.forEach.call(document.querySelectorAll(".tile[data-verdict]"), function (b) {
      b.addEventListener("click", function () {
        verdict.value = verdict.value === b.dataset.verdict ? "" : b.dataset.verdict;
        apply();
        document.getElementById("table").scrollIntoView();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("a.famlink"), function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        family.value = a.dataset.family;
        apply();
        document.getElementById("table").scrollIntoView();
      });
    });
  }

  // sorting: click a header; numbers compare numerically, text lexically; stable
  if (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      if (!th.dataset.sort) return;
      th.addEventListener("click", function () {
        var asc = !th.classList.contains("asc");
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove("asc", "desc"); });
        th.classList.add(asc ? "asc" : "desc");
        var num = th.dataset.sort === "num";
        var keyed = rows.map(function (r, i) {
          var v = r.cells[col].dataset.v;
          return { r: r, i: i, k: num ? parseFloat(v) : (v || "").toLowerCase() };
        });
        keyed.sort(function (a, b) {
          var c = num ? ((isNaN(a.k) ? Infinity : a.k) - (isNaN(b.k) ? Infinity : b.k)) : (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
          if (c !== c) c = 0;
          return (asc ? c : -c) || (a.i - b.i);
        });
        keyed.forEach(function (x) { tbody.appendChild(x.r); });
      });
    });
  }

  function setAll(open) { sections.forEach(function (s) { s.open = open; }); }
  var ea = document.getElementById("expand-all"), ca = document.getElementById("collapse-all");
  if (ea) ea.addEventListener("click", function () { setAll(true); });
  if (ca) ca.addEventListener("click", function () { setAll(false); });

  // a link to a collapsed claim opens it
  function openTarget() {
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.hidden = false; el.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
{% endraw %}
