// The offline policy graph viewer, embedded in graph.html by pipeline/link/graph_html.py.
// Data: <script type="application/json" id="graph-data"> {"nodes": [[id, kind, label, colour, tooltip,
// level], ...], "edges": [[source index, target index, relation], ...]}. Documents are shown first,
// placed in rings by level (national inside, county outside); other kinds appear with their checkbox or
// around a clicked node. The layout is a force simulation on a grid (repulsion only between nearby
// nodes), so its cost per step grows with the number of visible nodes, not with its square.
"use strict";

var LEVELS = ["national", "provincial", "municipal", "county"];

// Pure layout functions (no DOM), also run by the tests under node.
var Layout = {
  // Start positions: documents on rings by level, other nodes next to their first placed neighbour.
  initial: function (nodes, adj, edges) {
    var groups = {};
    nodes.forEach(function (n) {
      if (n.kind !== "document") return;
      var ring = LEVELS.indexOf(n.level);
      ring = ring < 0 ? LEVELS.length : ring;
      (groups[ring] = groups[ring] || []).push(n);
    });
    Object.keys(groups).forEach(function (ring) {
      var g = groups[ring], radius = 120 + 160 * Number(ring) + 2 * g.length;
      g.forEach(function (n, k) {
        var a = (2 * Math.PI * k) / g.length + 0.3 * Number(ring);
        n.x = radius * Math.cos(a);
        n.y = radius * Math.sin(a);
        n.placed = true;
      });
    });
    var queue = nodes.filter(function (n) { return n.placed; }), head = 0;
    while (head < queue.length) {  // breadth first from the documents
      var p = queue[head++];
      adj[p.i].forEach(function (k, j) {
        var e = edges[k], q = nodes[e.s === p.i ? e.t : e.s];
        if (q.placed) return;
        var a = 2.399963 * (j + 1), r = 30 + 4 * Math.sqrt(j + 1);  // golden-angle spiral
        q.x = p.x + r * Math.cos(a);
        q.y = p.y + r * Math.sin(a);
        q.placed = true;
        queue.push(q);
      });
    }
    nodes.forEach(function (n, k) {  // nodes without any path to a document
      if (!n.placed) { n.x = 1500 + 20 * (k % 40); n.y = 20 * Math.floor(k / 40) - 400; n.placed = true; }
    });
  },

  // One simulation step over the visible nodes; returns the mean displacement.
  step: function (nodes, edges, visible, alpha) {
    var cell = 80, grid = {}, shown = [], moved = 0;
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      n.fx = 0; n.fy = 0;
      shown.push(n);
      var key = Math.floor(n.x / cell) + "," + Math.floor(n.y / cell);
      (grid[key] = grid[key] || []).push(n);
    });
    shown.forEach(function (n) {
      var cx = Math.floor(n.x / cell), cy = Math.floor(n.y / cell);
      for (var dx = -1; dx <= 1; dx++) for (var dy = -1; dy <= 1; dy++) {
        var near = grid[(cx + dx) + "," + (cy + dy)];
        if (!near) continue;
        for (var j = 0; j < near.length; j++) {
          var m = near[j];
          if (m === n) continue;
          var x = n.x - m.x, y = n.y - m.y, d2 = x * x + y * y;
          if (d2 > cell * cell) continue;
          if (d2 < 0.01) { x = (n.i % 7) - 3 + 0.5; y = (m.i % 5) - 2 + 0.5; d2 = x * x + y * y; }
          var f = 900 / d2;
          n.fx += x * f; n.fy += y * f;
        }
      }
      n.fx -= 0.002 * n.x; n.fy -= 0.002 * n.y;  // weak gravity keeps islands in view
    });
    edges.forEach(function (e) {
      var a = nodes[e.s], b = nodes[e.t];
      if (!visible(a) || !visible(b)) return;
      var x = b.x - a.x, y = b.y - a.y, d = Math.sqrt(x * x + y * y) || 1, f = 0.05 * (d - 40) / d;
      a.fx += x * f; a.fy += y * f; b.fx -= x * f; b.fy -= y * f;
    });
    shown.forEach(function (n) {
      var dx = alpha * n.fx, dy = alpha * n.fy, d = Math.sqrt(dx * dx + dy * dy);
      if (d > 30) { dx *= 30 / d; dy *= 30 / d; d = 30; }
      n.x += dx; n.y += dy;
      moved += d;
    });
    return shown.length ? moved / shown.length : 0;
  },

  build: function (data) {
    var nodes = data.nodes.map(function (a, i) {
      return { i: i, id: a[0], kind: a[1], label: a[2], colour: a[3], tip: a[4], level: a[5], x: 0, y: 0 };
    });
    var edges = data.edges.map(function (e) { return { s: e[0], t: e[1], rel: e[2] }; });
    var adj = nodes.map(function () { return []; });
    edges.forEach(function (e, k) { adj[e.s].push(k); if (e.t !== e.s) adj[e.t].push(k); });
    return { nodes: nodes, edges: edges, adj: adj };
  },
};

if (typeof module !== "undefined") module.exports = Layout;

if (typeof document !== "undefined") (function () {
  var g = Layout.build(JSON.parse(document.getElementById("graph-data").textContent));
  var nodes = g.nodes, edges = g.edges, adj = g.adj;
  var canvas = document.getElementById("view"), ctx = canvas.getContext("2d");
  var info = document.getElementById("info"), status = document.getElementById("status");
  var kindOn = { document: true }, pinned = {}, selected = null, hover = null;
  var view = { k: 1, x: 0, y: 0 }, alpha = 1, running = false;
  var RADIUS = { document: 6, department: 4.5, indicator: 4, task: 3, target: 3 };

  function visible(n) { return kindOn[n.kind] || pinned[n.i]; }
  function neighbours(i) {
    return adj[i].map(function (k) { var e = edges[k]; return e.s === i ? e.t : e.s; });
  }

  Layout.initial(nodes, adj, edges);

  function fit() {
    var xs = [], ys = [];
    nodes.forEach(function (n) { if (visible(n)) { xs.push(n.x); ys.push(n.y); } });
    if (!xs.length) return;
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    view.k = Math.min(canvas.width / (x1 - x0 + 80), canvas.height / (y1 - y0 + 80), 3);
    view.x = canvas.width / 2 - view.k * (x0 + x1) / 2;
    view.y = canvas.height / 2 - view.k * (y0 + y1) / 2;
  }

  function resize() {
    var r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    canvas.width = r.width * dpr; canvas.height = r.height * dpr;
    draw();
  }

  function draw() {
    var dpr = window.devicePixelRatio || 1, near = {};
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(view.k, 0, 0, view.k, view.x, view.y);
    if (selected !== null) { near[selected] = 1; neighbours(selected).forEach(function (j) { near[j] = 1; }); }
    var shown = 0;
    edges.forEach(function (e) {
      var a = nodes[e.s], b = nodes[e.t];
      if (!visible(a) || !visible(b)) return;
      var lit = selected !== null && (e.s === selected || e.t === selected);
      ctx.strokeStyle = e.rel === "implements" ? "rgba(214,40,40,.8)" : lit ? "rgba(30,30,30,.8)" : "rgba(120,120,120,.35)";
      ctx.lineWidth = (e.rel === "implements" || lit ? 1.8 : 0.7) / view.k;
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
    });
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      shown++;
      ctx.globalAlpha = selected === null || near[n.i] ? 1 : 0.15;
      ctx.fillStyle = n.colour;
      ctx.beginPath(); ctx.arc(n.x, n.y, (RADIUS[n.kind] || 3) / Math.sqrt(view.k), 0, 6.2832); ctx.fill();
    });
    ctx.globalAlpha = 1;
    // Labels in screen space, each only where it overlaps no label drawn before (selection first).
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "12px sans-serif"; ctx.fillStyle = "#222";
    var taken = {}, order = [];
    if (hover !== null) order.push(nodes[hover]);
    if (selected !== null) order.push(nodes[selected]);
    Object.keys(near).forEach(function (j) { order.push(nodes[j]); });
    nodes.forEach(function (n) { if (n.kind === "document" || view.k > 1.5) order.push(n); });
    order.forEach(function (n) {
      if (!n.label || !visible(n)) return;
      var sx = (n.x * view.k + view.x) / dpr + 7, sy = (n.y * view.k + view.y) / dpr + 4;
      if (sx < -50 || sy < 0 || sx > canvas.width / dpr || sy > canvas.height / dpr) return;
      var w = ctx.measureText(n.label).width, keys = [];  // the 10 x 8 px cells the label covers
      for (var cx = Math.floor(sx / 10); cx <= Math.floor((sx + w) / 10); cx++)
        for (var cy = Math.floor((sy - 12) / 8); cy <= Math.floor((sy + 2) / 8); cy++) keys.push(cx + "," + cy);
      if (keys.some(function (key) { return taken[key]; })) return;
      keys.forEach(function (key) { taken[key] = 1; });
      ctx.fillText(n.label, sx, sy);
    });
    status.textContent = shown + " of " + nodes.length + " nodes shown";
  }

  function tick() {
    var moved = Layout.step(nodes, edges, visible, alpha);
    alpha *= 0.97;
    draw();
    if (alpha > 0.02 && moved > 0.05) requestAnimationFrame(tick); else running = false;
  }
  function relayout(strength) {
    alpha = Math.max(alpha, strength);
    if (!running) { running = true; requestAnimationFrame(tick); }
  }

  function at(ev) {
    var r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    var x = ((ev.clientX - r.left) * dpr - view.x) / view.k, y = ((ev.clientY - r.top) * dpr - view.y) / view.k;
    var best = null, bestD = (10 * dpr / view.k) * (10 * dpr / view.k);
    nodes.forEach(function (n) {
      if (!visible(n)) return;
      var d = (n.x - x) * (n.x - x) + (n.y - y) * (n.y - y);
      if (d < bestD) { bestD = d; best = n.i; }
    });
    return best;
  }

  function select(i) {
    selected = i;
    if (i === null) { info.textContent = "Click a node: its details here, its neighbours shown."; draw(); return; }
    pinned[i] = true;
    var placed = 0;
    neighbours(i).forEach(function (j) {
      if (!pinned[j] && !visible(nodes[j])) {  // new neighbours on a golden-angle spiral around the node
        var a = 2.399963 * ++placed, r = 30 + 14 * Math.sqrt(placed);
        nodes[j].x = nodes[i].x + r * Math.cos(a); nodes[j].y = nodes[i].y + r * Math.sin(a);
      }
      pinned[j] = true;
    });
    var rels = {};
    adj[i].forEach(function (k) { rels[edges[k].rel] = (rels[edges[k].rel] || 0) + 1; });
    info.textContent = nodes[i].tip + "\nedges: " + Object.keys(rels).map(function (r) { return r + " " + rels[r]; }).join(", ");
    relayout(0.3);
  }

  var drag = null;
  canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, moved: false }; });
  window.addEventListener("mouseup", function (ev) {
    if (drag && !drag.moved) select(at(ev));
    drag = null;
  });
  canvas.addEventListener("mousemove", function (ev) {
    var dpr = window.devicePixelRatio || 1;
    if (drag) {
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      view.x += dx * dpr; view.y += dy * dpr; drag.x = ev.clientX; drag.y = ev.clientY;
      draw();
      return;
    }
    var h = at(ev);
    if (h !== hover) { hover = h; canvas.title = h === null ? "" : nodes[h].tip; draw(); }
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    var px = (ev.clientX - r.left) * dpr, py = (ev.clientY - r.top) * dpr, f = Math.exp(-ev.deltaY * 0.0015);
    view.x = px - (px - view.x) * f; view.y = py - (py - view.y) * f; view.k *= f;
    draw();
  }, { passive: false });
  document.querySelectorAll("#kinds input").forEach(function (box) {
    kindOn[box.value] = box.checked;
    box.addEventListener("change", function () { kindOn[box.value] = box.checked; relayout(0.5); });
  });
  document.getElementById("reset").addEventListener("click", function () {
    pinned = {}; selected = null; select(null); fit(); relayout(0.2);
  });
  document.getElementById("search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !this.value) return;
    var q = this.value, hit = nodes.filter(function (n) { return n.id.indexOf(q) >= 0 || n.label.indexOf(q) >= 0; })[0];
    if (!hit) { status.textContent = "no node matches " + q; return; }
    select(hit.i);
    view.x = canvas.width / 2 - view.k * hit.x; view.y = canvas.height / 2 - view.k * hit.y;
    draw();
  });
  window.addEventListener("resize", resize);
  for (var s = 0; s < 150; s++) Layout.step(nodes, edges, visible, Math.max(0.05, 1 - s / 150));
  alpha = 0.05;
  resize(); fit(); select(null);
})();
