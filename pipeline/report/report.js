// policy-pipeline report: sortable and filterable tables, highlight toggles and the record details panel.
// Inlined into every page by pipeline/report/pages.py; builds DOM with textContent only (no innerHTML of data).
"use strict";

function cellValue(td) {
  if (!td) return "";
  var v = td.getAttribute("data-v");
  return v !== null && v !== "" && !isNaN(Number(v)) ? Number(v) : td.textContent.trim();
}

function sortBy(table, col, th) {
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var asc = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  rows.sort(function (a, b) {
    var x = cellValue(a.cells[col]), y = cellValue(b.cells[col]);
    var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh");
    return asc ? c : -c;
  });
  rows.forEach(function (r) { body.appendChild(r); });
}

function makeGrid(table) {
  var input = document.createElement("input"), count = document.createElement("span");
  input.className = "filter";
  input.type = "search";
  input.placeholder = "filter rows";
  input.setAttribute("data-for", table.id);
  count.className = "filter-count";
  table.parentNode.insertBefore(input, table);
  table.parentNode.insertBefore(count, table);
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  count.textContent = rows.length + " rows";
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.style.display = ok ? "" : "none";
      if (ok) shown++;
    });
    count.textContent = shown + " of " + rows.length + " rows";
  });
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.addEventListener("click", function () { sortBy(table, col, th); });
  });
}

function showDetails(records, refs, panel) {
  panel.textContent = "";
  var seen = {};
  refs.split(" ").forEach(function (ref) {
    var parts = ref.split(":"), kind = parts[0] === "indicator" ? "target" : parts[0];  // indicator k: target k
    var item = (records[kind] || [])[Number(parts[1])];
    if (!item || seen[kind + parts[1]]) return;
    seen[kind + parts[1]] = true;
    var h = document.createElement("h3"), dl = document.createElement("dl");
    h.textContent = kind + " " + parts[1];
    Object.keys(item).forEach(function (k) {
      var dt = document.createElement("dt"), dd = document.createElement("dd"), v = item[k];
      dt.textContent = k;
      dd.textContent = Array.isArray(v) ? v.join("、") : String(v);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    panel.appendChild(h);
    panel.appendChild(dl);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.grid").forEach(makeGrid);
  var data = document.getElementById("records"), panel = document.getElementById("details");
  if (!data || !panel) return;
  var records = JSON.parse(data.textContent), selected = null;
  document.querySelectorAll(".legend input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.value, !box.checked);
    });
  });
  document.querySelector(".doctext").addEventListener("click", function (ev) {
    var span = ev.target.closest(".hl");
    if (!span) return;
    if (selected) selected.classList.remove("selected");
    selected = span;
    span.classList.add("selected");
    showDetails(records, span.getAttribute("data-r"), panel);
  });
});
