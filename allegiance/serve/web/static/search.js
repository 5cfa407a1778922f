// Search as you type: asks /api/search and lists the hits. DOM nodes and textContent
// only (names come from untrusted articles): no innerHTML anywhere.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !list) return;
  var paths = { PERSON: "persons", ORG: "groups", PLACE: "places" };
  var timer = null;
  var pending = null;
  var last = input.value;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(q, hits) {
    list.replaceChildren();
    hits.forEach(function (h) {
      var li = el("li");
      var a = el("a", null, h.name);
      a.href = "/" + (paths[h.type] || "entities") + "/" + encodeURIComponent(h.id);
      li.append(a, " ", el("span", "type type-" + String(h.type).toLowerCase(), String(h.type).toLowerCase()));
      if (h.matched && h.matched !== h.name) li.append(" ", el("span", "matched", "matched \u201c" + h.matched + "\u201d"));
      li.append(" ", el("span", "count", h.claims + " claims"));
      list.append(li);
    });
    status.textContent = q ? hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + q + "\u201d" : "";
  }

  function run() {
    var q = input.value.trim();
    if (q === last) return;
    last = q;
    if (pending) pending.abort();
    if (!q) { show("", []); history.replaceState(null, "", "/"); return; }
    pending = new AbortController();
    fetch("/api/search?" + new URLSearchParams({ q: q, limit: "20" }), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : r.json().then(function (e) { throw new Error(e.error ? e.error.message : r.statusText); }); })
      .then(function (data) {
        show(q, data.results || []);
        history.replaceState(null, "", "/?" + new URLSearchParams({ q: q }));
      })
      .catch(function (err) { if (err.name !== "AbortError") status.textContent = "Search failed: " + err.message; });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  // Down arrow from the box into the results, up and down between them.
  input.addEventListener("keydown", function (e) {
    var first = list.querySelector("a");
    if (e.key === "ArrowDown" && first) { e.preventDefault(); first.focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var i = links.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i + 1 < links.length) { e.preventDefault(); links[i + 1].focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (i ? links[i - 1] : input).focus(); }
  });
})();
