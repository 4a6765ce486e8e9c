/* warta review page: builds the articles on screen from the JSON data block, a page at a time.
   Nodes are made with textContent and .value, never innerHTML: nothing taken from an article
   is ever parsed as markup. Filters, search and counts run over every record in the data. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("warta-data").textContent);
  var state = JSON.parse(document.getElementById("warta-state").textContent);
  var decisions = state.decisions || {};
  var storeKey = "warta-review:" + data.batch;
  var $ = function (id) { return document.getElementById(id); };
  var FACETS = ["family", "region", "grade", "year"];
  var filters = ["f-family", "f-region", "f-grade", "f-year", "f-primary", "f-decision",
                 "f-cmin", "f-cmax", "f-q"];
  var matched = [], groups = [], pageNo = 0;
  if (!state.serve) {
    try {
      var kept = JSON.parse(localStorage.getItem(storeKey) || "{}");
      Object.keys(kept).forEach(function (rid) { if (!(rid in decisions)) decisions[rid] = kept[rid]; });
    } catch (e) { /* storage may be off for file:// pages; decisions then live in memory */ }
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function get(obj, path) {
    return path.split(".").reduce(function (v, k) { return v == null ? null : v[k]; }, obj);
  }
  function isWeb(url) { return /^https?:\/\/[^\s"'<>]+$/i.test(url); }

  /* ---- filtering: over all rows of the data, not over the DOM ---- */
  function current() {
    var v = {};
    filters.forEach(function (id) { v[id] = $(id).value; });
    var cmin = parseFloat(v["f-cmin"]), cmax = parseFloat(v["f-cmax"]);
    v.cmin = isNaN(cmin) ? 0 : cmin;
    v.cmax = isNaN(cmax) ? 1 : cmax;
    v.q = v["f-q"].trim().toLowerCase();
    return v;
  }
  function keeps(row, v) {
    var dec = decisions[row.rid];
    return (!v["f-family"] || row.family === v["f-family"]) &&
      (!v["f-region"] || row.region === v["f-region"]) &&
      (!v["f-grade"] || row.grade === v["f-grade"]) &&
      (!v["f-year"] || row.year === v["f-year"]) &&
      (!v["f-primary"] || String(row.primary) === v["f-primary"]) &&
      (!v["f-decision"] || (dec ? dec.decision : "none") === v["f-decision"]) &&
      row.conf >= v.cmin - 1e-9 && row.conf <= v.cmax + 1e-9 &&
      (!v.q || row.q.indexOf(v.q) >= 0);
  }

  function applyFilters(keepPage) {
    var v = current();
    matched = data.rows.filter(function (row) { return keeps(row, v); });
    groups = [];
    matched.forEach(function (row) {  // rows arrive grouped by article, in review order
      var last = groups[groups.length - 1];
      if (last && last.a === row.a) last.rows.push(row); else groups.push({a: row.a, rows: [row]});
    });
    var pages = Math.max(1, Math.ceil(groups.length / data.page));
    pageNo = keepPage ? Math.min(pageNo, pages - 1) : 0;
    $("shown").textContent = matched.length + " of " + data.rows.length + " records shown";
    drawCharts();
    drawPage();
  }

  /* ---- counts that follow the filters ---- */
  function drawCharts() {
    FACETS.forEach(function (facet) {
      var counts = {};
      matched.forEach(function (row) { counts[row[facet]] = (counts[row[facet]] || 0) + 1; });
      var values = Object.keys(counts).sort(function (a, b) {
        return counts[b] - counts[a] || (a < b ? -1 : a > b ? 1 : 0);
      });
      var top = values.length ? counts[values[0]] : 1, box = $("c-" + facet).querySelector(".bars");
      box.textContent = "";
      values.slice(0, 12).forEach(function (value) {
        var bar = el("button", "bar"), track = el("span", "track"), fill = el("span", "fill");
        bar.type = "button";
        bar.dataset.facet = facet;
        bar.dataset.value = value;
        bar.title = "filter: " + value;
        fill.style.width = Math.round(100 * counts[value] / top) + "%";
        track.appendChild(fill);
        bar.appendChild(el("span", "name", value));
        bar.appendChild(track);
        bar.appendChild(el("span", "n", String(counts[value])));
        box.appendChild(bar);
      });
      if (values.length > 12) box.appendChild(el("p", "meta", "+" + (values.length - 12) + " more"));
    });
  }
  $("summary").addEventListener("click", function (ev) {
    var bar = ev.target.closest("button.bar");
    if (!bar) return;
    var select = $("f-" + bar.dataset.facet);
    select.value = select.value === bar.dataset.value ? "" : bar.dataset.value;
    applyFilters();
  });

  /* ---- one page of articles ---- */
  function drawPager(nav) {
    nav.textContent = "";
    var pages = Math.ceil(groups.length / data.page);
    if (pages <= 1) return;
    var prev = el("button", "prev", "‹ previous"), next = el("button", "next", "next ›");
    prev.type = next.type = "button";
    prev.disabled = pageNo === 0;
    next.disabled = pageNo >= pages - 1;
    prev.addEventListener("click", function () { pageNo--; drawPage(true); });
    next.addEventListener("click", function () { pageNo++; drawPage(true); });
    nav.appendChild(prev);
    nav.appendChild(el("span", "where", "articles " + (pageNo * data.page + 1) + "–" +
      Math.min(groups.length, (pageNo + 1) * data.page) + " of " + groups.length +
      " (page " + (pageNo + 1) + " of " + pages + ")"));
    nav.appendChild(next);
  }
  function drawPage(scroll) {
    var main = $("articles");
    main.textContent = "";
    groups.slice(pageNo * data.page, (pageNo + 1) * data.page).forEach(function (g) {
      main.appendChild(drawArticle(data.articles[g.a], g.rows));
    });
    drawPager($("pager-top"));
    drawPager($("pager-bottom"));
    if (scroll) $("pager-top").scrollIntoView();
  }

  function drawText(segs) {
    var box = el("div", "text");
    segs.forEach(function (s) {
      if (typeof s === "string") box.appendChild(document.createTextNode(s));
      else if (Array.isArray(s)) {
        var seg = el("span", "seg " + s[1] + " d" + s[3], s[0]);
        seg.dataset.s = s[2];
        box.appendChild(seg);
      } else {
        var lbl = el("span", "lbl " + s.c, s.f);
        lbl.id = s.id;
        box.appendChild(lbl);
      }
    });
    return box;
  }

  function drawArticle(art, rows) {
    var node = el("article", "art"), meta = el("p", "meta"), parts = [];
    node.id = art.id;
    node.appendChild(el("h2", null, art.title));
    if (art.url) {
      if (art.link && isWeb(art.url)) {
        var a = el("a", null, art.url);
        a.href = art.url;
        a.rel = "noreferrer noopener";
        parts.push(a);
      } else parts.push(el("span", "url", art.url));  // never a link: javascript:, paths…
    }
    if (art.published) parts.push(document.createTextNode("published " + art.published));
    parts.push(document.createTextNode(art.n + " record" + (art.n !== 1 ? "s" : "") +
      (rows.length !== art.n ? " (" + rows.length + " shown)" : "")));
    parts.forEach(function (p, i) {
      if (i) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(p);
    });
    node.appendChild(meta);
    var table = el("table", "recs"), head = el("tr"), body = el("tbody"), thead = el("thead");
    data.headers.forEach(function (h) { head.appendChild(el("th", null, h)); });
    thead.appendChild(head);
    table.appendChild(thead);
    rows.forEach(function (row) { body.appendChild(drawRow(row)); });
    table.appendChild(body);
    node.appendChild(table);
    if (art.segs) node.appendChild(drawText(art.segs));
    else node.appendChild(el("p", "problems",
      "article text not found (pass --articles); evidence cannot be shown"));
    if (art.problems.length) {
      var ul = el("ul", "problems");
      art.problems.forEach(function (p) { ul.appendChild(el("li", null, p)); });
      node.appendChild(ul);
    }
    return node;
  }

  function drawRow(row) {
    var tr = el("tr", row.flag ? "rec flagged" : "rec");
    tr.dataset.rid = row.rid;
    tr.dataset.decision = "";
    tr.appendChild(el("td", "conf", row.conf.toFixed(2)));
    row.cells.forEach(function (cell) {
      var td = el("td");
      if (cell.length > 1) {
        var a = el("a", "ev", cell[0]);
        a.href = "#" + cell[1];
        a.title = "evidence: " + cell[2];
        td.appendChild(a);
      } else td.textContent = cell[0];
      tr.appendChild(td);
    });
    tr.appendChild(el("td", null, row.primary ? "yes" : "no"));
    tr.appendChild(el("td", "missing", row.miss));
    var dec = el("td", "dec");
    [["accept", "accept"], ["reject", "reject"], ["correct", "correct fields"]].forEach(function (b, i) {
      var button = el("button", null, b[0]);
      button.type = "button";
      button.dataset.act = b[0];
      button.title = b[1];
      if (i) dec.appendChild(document.createTextNode(" "));
      dec.appendChild(button);
    });
    dec.appendChild(el("span", "status"));
    tr.appendChild(dec);
    if (decisions[row.rid]) showDecision(tr, decisions[row.rid]);
    return tr;
  }

  /* ---- evidence links ---- */
  function flash(id) {
    var target = $(id);
    if (!target) return;
    target.scrollIntoView({block: "center"});
    var marks = [target].concat(Array.prototype.slice.call(
      document.querySelectorAll('[data-s~="' + CSS.escape(id) + '"]')));
    marks.forEach(function (m) { m.classList.remove("flash"); void m.offsetWidth; m.classList.add("flash"); });
    setTimeout(function () { marks.forEach(function (m) { m.classList.remove("flash"); }); }, 1600);
  }

  /* ---- decisions ---- */
  function showDecision(row, review, note) {
    row.dataset.decision = review ? review.decision : "";
    var text = review ? review.decision + (review.decision === "correct" ?
      ": " + Object.keys(review.fields).map(function (k) {
        return k + "=" + JSON.stringify(review.fields[k]); }).join(", ") : "") : "";
    row.querySelector(".status").textContent = text + (note ? " · " + note : "");
  }

  function persist(row, rid, review) {
    if (!state.serve) {
      try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* in memory */ }
      return;
    }
    showDecision(row, review, "saving…");
    fetch("api/decisions", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Warta-Token": state.token},
      body: JSON.stringify({record_id: rid, decision: review.decision, fields: review.fields, at: review.at})
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t || r.status); });
      showDecision(row, review, "saved");
    }).catch(function (e) { showDecision(row, review, "NOT saved: " + e.message); });
  }

  function decide(row, decision, fields) {
    var rid = row.dataset.rid;
    var review = {decision: decision, fields: fields || {}, at: new Date().toISOString()};
    decisions[rid] = review;
    showDecision(row, review);
    persist(row, rid, review);
    if ($("f-decision").value) applyFilters(true);
  }

  function coerce(value, kind) {
    if (value === "") return null;
    if (kind === "int") return parseInt(value, 10);
    if (kind === "bool") return value === "true";
    return value;
  }

  function openEditor(row) {
    var next = row.nextElementSibling;
    if (next && next.classList.contains("edit")) { next.remove(); return; }
    var rid = row.dataset.rid, rec = data.records[rid];
    var prev = (decisions[rid] && decisions[rid].fields) || {};
    var tr = el("tr", "edit"), td = el("td"), form = el("form"), msg = el("span");
    td.colSpan = row.cells.length;
    Object.keys(data.editable).forEach(function (path) {
      var kind = data.editable[path], label = el("label", null, path), input;
      var orig = get(rec, path);
      if (kind === "bool") {
        input = el("select");
        ["true", "false"].forEach(function (o) {
          var opt = el("option", null, o); opt.value = o; input.appendChild(opt);
        });
      } else {
        input = el("input");
        input.type = kind === "int" ? "number" : "text";
      }
      input.name = path;
      input.dataset.kind = kind;
      input.dataset.orig = orig == null ? "" : String(orig);
      input.value = path in prev ? (prev[path] == null ? "" : String(prev[path])) : input.dataset.orig;
      label.appendChild(input);
      form.appendChild(label);
    });
    var save = el("button", "save", "Save correction"), cancel = el("button", null, "Cancel");
    save.type = "submit";
    cancel.type = "button";
    cancel.addEventListener("click", function () { tr.remove(); });
    form.appendChild(save); form.appendChild(cancel); form.appendChild(msg);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var fields = {};
      form.querySelectorAll("[name]").forEach(function (input) {
        if (input.value !== input.dataset.orig) fields[input.name] = coerce(input.value, input.dataset.kind);
      });
      if (!Object.keys(fields).length) { msg.textContent = "nothing changed"; return; }
      tr.remove();
      decide(row, "correct", fields);
    });
    td.appendChild(form);
    tr.appendChild(td);
    row.parentNode.insertBefore(tr, row.nextSibling);
    form.querySelector("input,select").focus();
  }

  // One listener for the whole list: rows come and go with the page.
  $("articles").addEventListener("click", function (ev) {
    var link = ev.target.closest("a.ev");
    if (link) {
      ev.preventDefault();
      flash(link.getAttribute("href").slice(1));
      return;
    }
    var button = ev.target.closest("button[data-act]");
    if (!button) return;
    var row = button.closest("tr.rec");
    if (button.dataset.act === "correct") openEditor(row);
    else decide(row, button.dataset.act);
  });

  $("export").addEventListener("click", function () {
    var lines = Object.keys(decisions).filter(function (rid) { return rid in data.records; })
      .map(function (rid) {
        var line = Object.assign({}, data.records[rid]);
        delete line.review;
        line.review = decisions[rid];
        return JSON.stringify(line);
      });
    var blob = new Blob([lines.join("\n") + (lines.length ? "\n" : "")], {type: "application/x-ndjson"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions.jsonl";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  filters.forEach(function (id) { $(id).addEventListener("input", function () { applyFilters(); }); });
  $("f-reset").addEventListener("click", function () {
    filters.forEach(function (id) { $(id).value = ""; });
    applyFilters();
  });
  applyFilters();
})();
