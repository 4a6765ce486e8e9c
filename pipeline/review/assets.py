"""The review page's inline CSS and JavaScript (no network assets: the page opens from disk).

The script reads only the JSON data block and the DOM; it builds nodes with textContent and
.value, never innerHTML, so nothing taken from an article is ever parsed as markup.
"""
from __future__ import annotations

CSS = """
:root{--ink:#1d232a;--mute:#5b6570;--line:#d9dee3;--bg:#f6f7f9;--warn:#b4541a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;gap:1em;align-items:baseline;justify-content:space-between;padding:.8em 1.2em;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:5}
header h1{font-size:1.2em;margin:0}
.meta{color:var(--mute);font-size:.9em;margin:.2em 0}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:#fff;border-radius:4px;padding:.15em .5em}
button:hover{background:#eef2f6}
#summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:.8em;padding:.8em 1.2em}
.chart{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5em .7em}
.chart h2{font-size:.85em;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);margin:0 0 .3em}
.bar{display:grid;grid-template-columns:9em 1fr 2.5em;gap:.4em;align-items:center;width:100%;border:0;background:none;padding:1px 0;text-align:left;font-size:.85em}
.bar .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar .track{background:#eef1f4;height:.8em;border-radius:2px}
.bar .fill{display:block;background:#4a7fb5;height:100%;border-radius:2px}
.bar .n{text-align:right;color:var(--mute)}
#filters{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;padding:.5em 1.2em;background:#fff;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
#filters label{font-size:.85em;color:var(--mute)}
#filters select,#filters input{font:inherit;margin-left:.3em}
#filters input[type=number]{width:4.5em}
#shown{margin-left:auto;font-weight:600}
main{padding:.8em 1.2em}
article.art{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 1.2em;padding:.7em 1em}
article.art h2{font-size:1.05em;margin:.1em 0}
table.recs{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.85em}
table.recs th,table.recs td{max-width:16em;border-bottom:1px solid var(--line);padding:.25em .4em;text-align:left;vertical-align:top}
table.recs th{color:var(--mute);font-weight:600}
tr.flagged td:first-child{border-left:3px solid var(--warn)}
tr.rec td.conf{font-variant-numeric:tabular-nums}
tr.flagged td.conf{color:var(--warn);font-weight:600}
td.missing{color:var(--warn);font-size:.9em}
tr[data-decision=accept]{background:#eaf6ec}
tr[data-decision=reject]{background:#f9e9e9;color:#8a8f95}
tr[data-decision=reject] td:not(.dec){text-decoration:line-through}
tr[data-decision=correct]{background:#fff6df}
td.dec{white-space:nowrap}
.status{display:block;font-size:.85em;color:var(--mute)}
tr.edit form{display:flex;flex-wrap:wrap;gap:.4em .8em;padding:.4em 0}
tr.edit label{font-size:.85em;color:var(--mute)}
tr.edit input,tr.edit select{font:inherit;display:block;width:14em}
a.ev{color:inherit;text-decoration:underline dotted;text-underline-offset:2px}
.text{white-space:pre-wrap;line-height:2.1;border-top:1px dashed var(--line);margin-top:.6em;padding-top:.6em;max-height:28em;overflow:auto}
.seg{border-radius:3px;padding:.15em 0}
.seg.d2{box-shadow:inset 0 -2px 0 rgba(0,0,0,.35)}
.seg.d3{box-shadow:inset 0 -3px 0 rgba(0,0,0,.5)}
.lbl{font-size:.68em;font-weight:700;text-transform:uppercase;vertical-align:super;padding:0 .3em;border-radius:3px;margin:0 1px;color:#fff;background:#6b7785}
.flash{outline:3px solid #e0a000;animation:flash 1.6s ease-out}
@keyframes flash{0%{background:#ffd54a}100%{}}
.problems{color:var(--warn);font-size:.85em}
.f-recipient{background:#cfe3ff}.lbl.f-recipient{background:#2f6fc0}
.f-region{background:#d9f0e3}.lbl.f-region{background:#2c8a58}
.f-award{background:#f3dcf7}.lbl.f-award{background:#8e3ba0}
.f-grade{background:#ffe1c2}.lbl.f-grade{background:#c0661b}
.f-giver{background:#e4e4fb}.lbl.f-giver{background:#5454b8}
.f-giver_official,.f-recipient_official{background:#dff3f6}.lbl.f-giver_official,.lbl.f-recipient_official{background:#23808f}
.f-date{background:#fdf3b5}.lbl.f-date{background:#8d7a0b}
.f-venue,.f-event{background:#e9eef2}.lbl.f-venue,.lbl.f-event{background:#55697c}
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("warta-data").textContent);
  var decisions = data.decisions || {};
  var storeKey = "warta-review:" + data.batch;
  var $ = function (id) { return document.getElementById(id); };
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.rec"));
  var filters = ["f-family", "f-region", "f-grade", "f-year", "f-primary", "f-decision",
                 "f-cmin", "f-cmax", "f-q"];
  if (!data.serve) {
    try {
      var kept = JSON.parse(localStorage.getItem(storeKey) || "{}");
      Object.keys(kept).forEach(function (rid) { if (!(rid in decisions)) decisions[rid] = kept[rid]; });
    } catch (e) { /* storage may be off for file:// pages; decisions then live in memory */ }
  }

  function get(obj, path) {
    return path.split(".").reduce(function (v, k) { return v == null ? null : v[k]; }, obj);
  }

  function applyFilters() {
    var v = {};
    filters.forEach(function (id) { v[id] = $(id).value; });
    var cmin = parseFloat(v["f-cmin"]), cmax = parseFloat(v["f-cmax"]);
    if (isNaN(cmin)) cmin = 0;
    if (isNaN(cmax)) cmax = 1;
    var q = v["f-q"].trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset, c = parseFloat(d.conf);
      var ok = (!v["f-family"] || d.family === v["f-family"]) &&
        (!v["f-region"] || d.region === v["f-region"]) &&
        (!v["f-grade"] || d.grade === v["f-grade"]) &&
        (!v["f-year"] || d.year === v["f-year"]) &&
        (!v["f-primary"] || d.primary === v["f-primary"]) &&
        (!v["f-decision"] || (d.decision || "none") === v["f-decision"]) &&
        c >= cmin - 1e-9 && c <= cmax + 1e-9 &&
        (!q || d.search.indexOf(q) >= 0);
      row.hidden = !ok;
      var next = row.nextElementSibling;
      if (next && next.classList.contains("edit")) next.hidden = !ok;
      if (ok) shown++;
    });
    document.querySelectorAll("article.art").forEach(function (art) {
      art.hidden = !art.querySelector("tr.rec:not([hidden])");
    });
    $("shown").textContent = shown + " of " + rows.length + " records shown";
  }
  filters.forEach(function (id) { $(id).addEventListener("input", applyFilters); });
  $("f-reset").addEventListener("click", function () {
    filters.forEach(function (id) { $(id).value = ""; });
    applyFilters();
  });

  document.querySelectorAll("button.bar").forEach(function (bar) {
    bar.addEventListener("click", function () {
      var select = $("f-" + bar.dataset.facet);
      select.value = select.value === bar.dataset.value ? "" : bar.dataset.value;
      applyFilters();
    });
  });

  function flash(id) {
    var target = $(id);
    if (!target) return;
    target.scrollIntoView({block: "center"});
    var marks = [target].concat(Array.prototype.slice.call(
      document.querySelectorAll('[data-s~="' + CSS.escape(id) + '"]')));
    marks.forEach(function (m) { m.classList.remove("flash"); void m.offsetWidth; m.classList.add("flash"); });
    setTimeout(function () { marks.forEach(function (m) { m.classList.remove("flash"); }); }, 1600);
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.ev");
    if (!link) return;
    ev.preventDefault();
    flash(link.getAttribute("href").slice(1));
  });

  function showDecision(row, review, note) {
    row.dataset.decision = review ? review.decision : "";
    var text = review ? review.decision + (review.decision === "correct" ?
      ": " + Object.keys(review.fields).map(function (k) {
        return k + "=" + JSON.stringify(review.fields[k]); }).join(", ") : "") : "";
    row.querySelector(".status").textContent = text + (note ? " · " + note : "");
  }

  function persist(row, rid, review) {
    if (!data.serve) {
      try { localStorage.setItem(storeKey, JSON.stringify(decisions)); } catch (e) { /* in memory */ }
      return;
    }
    showDecision(row, review, "saving…");
    fetch("api/decisions", {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Warta-Token": data.token},
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
    if ($("f-decision").value) applyFilters();
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
    var tr = document.createElement("tr"), td = document.createElement("td");
    var form = document.createElement("form");
    tr.className = "edit";
    td.colSpan = row.cells.length;
    Object.keys(data.editable).forEach(function (path) {
      var kind = data.editable[path], label = document.createElement("label"), input;
      var orig = get(rec, path);
      label.textContent = path;
      if (kind === "bool") {
        input = document.createElement("select");
        ["true", "false"].forEach(function (o) {
          var opt = document.createElement("option"); opt.value = opt.textContent = o; input.appendChild(opt);
        });
      } else {
        input = document.createElement("input");
        input.type = kind === "int" ? "number" : "text";
      }
      input.name = path;
      input.dataset.kind = kind;
      input.dataset.orig = orig == null ? "" : String(orig);
      input.value = path in prev ? (prev[path] == null ? "" : String(prev[path])) : input.dataset.orig;
      label.appendChild(input);
      form.appendChild(label);
    });
    var save = document.createElement("button"), cancel = document.createElement("button");
    var msg = document.createElement("span");
    save.type = "submit"; save.textContent = "Save correction"; save.className = "save";
    cancel.type = "button"; cancel.textContent = "Cancel";
    cancel.addEventListener("click", function () { tr.remove(); });
    form.appendChild(save); form.appendChild(cancel); form.appendChild(msg);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var fields = {};
      form.querySelectorAll("[name]").forEach(function (input) {
        if (input.value !== input.dataset.orig) fields[input.name] = coerce(input.value, input.dataset.kind);
      });
      if (!Object.keys(fields).length) { msg.textContent = "nothing changed"; return; }
      decide(row, "correct", fields);
      tr.remove();
    });
    td.appendChild(form);
    tr.appendChild(td);
    row.parentNode.insertBefore(tr, row.nextSibling);
    form.querySelector("input,select").focus();
  }

  rows.forEach(function (row) {
    row.querySelectorAll("button[data-act]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.dataset.act === "correct") openEditor(row);
        else decide(row, button.dataset.act);
      });
    });
    if (decisions[row.dataset.rid]) showDecision(row, decisions[row.dataset.rid]);
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

  applyFilters();
})();
"""
