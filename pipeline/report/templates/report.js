/* warta report: hovering, focusing or clicking a province tile shows its numbers.
   Built with textContent only; the data block is the report's own JSON. */
(function () {
  "use strict";
  var details = JSON.parse(document.getElementById("report-data").textContent);
  var info = document.getElementById("province-info");
  var chosen = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function table(title, rows) {
    var box = document.createDocumentFragment(), t = el("table");
    box.appendChild(el("p", "hint", title));
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, r[0]));
      tr.appendChild(el("td", null, String(r[1])));
      t.appendChild(tr);
    });
    box.appendChild(t);
    return box;
  }
  function show(name) {
    var d = details[name];
    if (!d) return;
    info.textContent = "";
    info.dataset.province = name;
    info.appendChild(el("h3", null, name));
    info.appendChild(el("p", "hint", "capital: " + d.capital));
    info.appendChild(el("p", "big", d.n + (d.n === 1 ? " award" : " awards")));
    if (d.years.length) info.appendChild(table("by year", d.years));
    if (d.families.length) info.appendChild(table("top award families", d.families));
  }
  function tileOf(ev) { return ev.target.closest ? ev.target.closest("[data-province]") : null; }

  var map = document.getElementById("map");
  map.addEventListener("mouseover", function (ev) { var t = tileOf(ev); if (t) show(t.dataset.province); });
  map.addEventListener("focusin", function (ev) { var t = tileOf(ev); if (t) show(t.dataset.province); });
  map.addEventListener("mouseleave", function () { if (chosen) show(chosen); });
  map.addEventListener("keydown", function (ev) {  // Enter or space chooses a focused tile
    var t = tileOf(ev);
    if (t && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); choose(t); }
  });
  map.addEventListener("click", function (ev) { var t = tileOf(ev); if (t) choose(t); });
  function choose(t) {
    if (chosen) {
      var old = map.querySelector(".prov.chosen");
      if (old) old.classList.remove("chosen");
    }
    chosen = t.dataset.province;
    t.classList.add("chosen");
    show(chosen);
  }
})();
