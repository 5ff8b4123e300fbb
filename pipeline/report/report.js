// policy-pipeline report: paged, sortable and filterable tables, highlight toggles, the record details
// panel and the graph loaded on demand. Inlined into every page by pipeline/report/pages.py; builds DOM
// with textContent and setAttribute only (no innerHTML of data).
//
// A table.grid either holds all its rows, or (data-rows) its first page while every row is JSON in
// <script type="application/json" id="…-rows">: cells as written by pipeline/report/cells.py. The JSON
// is parsed on the first sort, filter or page turn, and rows are drawn one page at a time.
"use strict";

var PAGE_SIZES = [50, 200, 0];  // 0: all rows; 50 is tables.PAGE_ROWS of pipeline/report
var ELEMENTS = { a: 1, mark: 1, div: 1, small: 1, span: 1 };  // cells.ELEMENTS
var collator = new Intl.Collator("zh");

function cellValue(td) {
  if (!td) return "";
  var v = td.getAttribute("data-v");
  return v !== null && v !== "" && !isNaN(Number(v)) ? Number(v) : td.textContent.trim();
}

// --- cells given as data (see cells.py) ---

function dataText(c) {
  if (c === null || c === undefined) return "";
  if (typeof c !== "object") return String(c);
  if (Array.isArray(c.k)) return c.k.map(dataText).join("");
  return c.t === undefined || c.t === null ? "" : String(c.t);
}

function dataValue(c) {
  if (typeof c === "number") return c;
  if (c && typeof c === "object" && typeof c.v === "number") return c.v;
  return dataText(c).trim();
}

function safeHref(href) {
  // only links inside the report: no scheme (javascript:, data:, http:) and no //host
  var bare = String(href).replace(/[\u0000-\u0020\u007f]/g, "");
  return /^[a-z][a-z0-9+.\-]*:/i.test(bare) || bare.indexOf("//") === 0 ? null : String(href);
}

function appendText(el, text, href) {
  if (href) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = text;
    el.appendChild(a);
  } else if (text !== "") {
    el.appendChild(document.createTextNode(text));
  }
}

function fillInner(el, c, isPiece) {
  if (Array.isArray(c.k)) {
    c.k.forEach(function (p) { el.appendChild(pieceNode(p)); });
    return;
  }
  var href = !isPiece && c.h ? safeHref(c.h) : null;
  appendText(el, c.t === undefined || c.t === null ? "" : String(c.t), href);
}

function pieceNode(p) {
  if (p === null || typeof p !== "object") return document.createTextNode(p === null ? "" : String(p));
  var tag = ELEMENTS[p.e] === 1 ? p.e : "span", el = document.createElement(tag);
  if (p.c) el.className = String(p.c);
  if (tag === "a" && p.h && safeHref(p.h) !== null) el.setAttribute("href", safeHref(p.h));
  fillInner(el, p, true);
  return el;
}

function cellNode(c) {
  var td = document.createElement("td");
  if (c === null || c === undefined) return td;
  if (typeof c !== "object") {
    if (typeof c === "number") {
      td.className = "num";
      td.setAttribute("data-v", String(c));
    }
    td.textContent = String(c);
    return td;
  }
  var classes = [typeof c.v === "number" ? "num" : "", c.c ? String(c.c) : ""].filter(Boolean).join(" ");
  if (classes) td.className = classes;
  if (typeof c.v === "number") td.setAttribute("data-v", String(c.v));
  fillInner(td, c, false);
  return td;
}

function rowNode(cells) {
  var tr = document.createElement("tr");
  cells.forEach(function (c) { tr.appendChild(cellNode(c)); });
  return tr;
}

// --- one table: its rows, the filter, the sort order and the page shown ---

function Grid(table) {
  this.table = table;
  this.body = table.tBodies[0];
  this.total = Number(table.getAttribute("data-total")) || this.body.rows.length;
  this.rows = null;  // every row {cells, node, text}, in the current order; made on first use
  this.view = null;  // the rows the filter keeps
  this.page = 0;
  this.size = PAGE_SIZES[0];
  this.query = "";
  this.controls();
  this.showCount(Math.min(this.total, this.size), this.total);
}

Grid.prototype.all = function () {
  if (this.rows) return this.rows;
  var shown = Array.prototype.slice.call(this.body.rows), src = this.table.getAttribute("data-rows");
  var script = src ? document.getElementById(src) : null;
  if (script) {
    this.rows = JSON.parse(script.textContent).map(function (cells, i) {
      return { cells: cells, node: shown[i] || null, text: null };
    });
  } else {
    this.rows = shown.map(function (tr) { return { cells: null, node: tr, text: null }; });
  }
  this.view = this.rows;
  return this.rows;
};

Grid.prototype.textOf = function (row) {
  if (row.text === null) {
    var parts = row.cells ? row.cells.map(dataText)
      : Array.prototype.map.call(row.node.cells, function (td) { return td.textContent; });
    row.text = parts.join("\n").toLowerCase();
  }
  return row.text;
};

Grid.prototype.valueOf = function (row, col) {
  return row.cells ? dataValue(row.cells[col]) : cellValue(row.node.cells[col]);
};

Grid.prototype.nodeOf = function (row) {
  if (!row.node) row.node = rowNode(row.cells);
  return row.node;
};

Grid.prototype.filter = function (q) {
  var self = this;
  this.query = q.trim().toLowerCase();
  this.view = this.query ? this.all().filter(function (r) { return self.textOf(r).indexOf(self.query) >= 0; })
    : this.all();
  this.page = 0;
  this.render();
};

Grid.prototype.sort = function (col, th) {
  var self = this, asc = th.getAttribute("aria-sort") !== "ascending";
  this.table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  var keyed = this.all().map(function (r, i) { return { r: r, k: self.valueOf(r, col), i: i }; });
  keyed.sort(function (a, b) {
    var x = a.k, y = b.k;
    var c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return (asc ? c : -c) || a.i - b.i;
  });
  this.rows = keyed.map(function (e) { return e.r; });
  this.filter(this.query);
};

Grid.prototype.pages = function () {
  return this.size ? Math.max(1, Math.ceil(this.view.length / this.size)) : 1;
};

Grid.prototype.turn = function (page) {
  this.all();
  this.page = Math.max(0, Math.min(page, this.pages() - 1));
  this.render();
};

Grid.prototype.render = function () {
  var self = this, start = this.size ? this.page * this.size : 0;
  var end = this.size ? Math.min(start + this.size, this.view.length) : this.view.length;
  var frag = document.createDocumentFragment();
  this.view.slice(start, end).forEach(function (r) { frag.appendChild(self.nodeOf(r)); });
  this.body.textContent = "";
  this.body.appendChild(frag);
  if (this.box.classList.contains("scroll")) this.box.scrollTop = 0;
  this.showCount(end, this.view.length, start);
};

function fmt(n) { return n.toLocaleString("en-US"); }

Grid.prototype.showCount = function (end, kept, start) {
  // "955 rows", "12 of 955 rows" when the rows kept fit on the page, else "rows 51–100 of 955"
  start = start || 0;
  var total = this.total, text;
  if (end - start >= kept) text = (kept === total ? "" : fmt(kept) + " of ") + fmt(total) + " rows";
  else text = "rows " + fmt(start + 1) + "–" + fmt(end) + " of " + fmt(kept) + (kept === total ? "" : " (" + fmt(total) + " in all)");
  this.count.textContent = text;
  var last = this.view ? this.pages() - 1 : Math.ceil(total / this.size) - 1;
  this.pager.hidden = total <= PAGE_SIZES[0];
  this.buttons.first.disabled = this.buttons.prev.disabled = this.page <= 0;
  this.buttons.next.disabled = this.buttons.last.disabled = this.page >= last;
};

function button(label, title, onClick) {
  var b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

Grid.prototype.controls = function () {
  var self = this, tools = document.createElement("div"), input = document.createElement("input");
  this.box = this.table.parentNode.classList.contains("scroll") ? this.table.parentNode : this.table;
  tools.className = "grid-tools";
  input.className = "filter";
  input.type = "search";
  input.placeholder = "filter rows";
  input.setAttribute("data-for", this.table.id);
  input.addEventListener("input", function () { self.filter(input.value); });
  this.count = document.createElement("span");
  this.count.className = "filter-count";
  this.pager = document.createElement("span");
  this.pager.className = "pager";
  this.pager.setAttribute("data-for", this.table.id);
  this.buttons = {
    first: button("«", "first page", function () { self.turn(0); }),
    prev: button("‹", "previous page", function () { self.turn(self.page - 1); }),
    next: button("›", "next page", function () { self.turn(self.page + 1); }),
    last: button("»", "last page", function () { self.turn(Infinity); }),
  };
  var size = document.createElement("select");
  PAGE_SIZES.forEach(function (n) {
    var o = document.createElement("option");
    o.value = String(n);
    o.textContent = n ? n + " a page" : "all rows";
    size.appendChild(o);
  });
  size.addEventListener("change", function () { self.size = Number(size.value); self.turn(0); });
  ["first", "prev", "next", "last"].forEach(function (k) { self.pager.appendChild(self.buttons[k]); });
  this.pager.appendChild(size);
  [input, this.count, this.pager].forEach(function (el) { tools.appendChild(el); });
  this.box.parentNode.insertBefore(tools, this.box);
  this.table.querySelectorAll("thead th").forEach(function (th, col) {
    th.addEventListener("click", function () { self.sort(col, th); });
  });
};

// --- document pages: the details of a clicked highlight ---

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

function setupDocument() {
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
}

// --- the index: the graph viewer loads when its section comes near the screen ---

function lazyFrames() {
  var frames = document.querySelectorAll("iframe[data-src]");
  function load(frame) { if (!frame.getAttribute("src")) frame.setAttribute("src", frame.getAttribute("data-src")); }
  if (!("IntersectionObserver" in window)) {
    window.addEventListener("load", function () { frames.forEach(load); });
    return;
  }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { load(e.target); seen.unobserve(e.target); }
    });
  }, { rootMargin: "200px" });
  frames.forEach(function (f) { seen.observe(f); });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.grid").forEach(function (t) { t.grid = new Grid(t); });
  lazyFrames();
  setupDocument();
});
