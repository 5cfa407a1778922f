// The map's markers: /events/map.json counts the filtered events by place and clusters
// them; each marker is a link that filters the table to its place (or its places' box).
(function () {
  "use strict";
  var svg = document.getElementById("map");
  var layer = document.getElementById("markers");
  var status = document.getElementById("map-status");
  if (!svg || !layer) return;
  var NS = "http://www.w3.org/2000/svg";

  function node(tag, attrs) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, String(attrs[k])); });
    return n;
  }

  fetch(svg.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json().then(function (d) { if (!r.ok) throw new Error(d.error ? d.error.message : r.statusText); return d; }); })
    .then(function (data) {
      data.clusters.forEach(function (c) {
        var a = node("a", { href: "/events?" + new URLSearchParams(c.params), "aria-label": c.label, "class": "marker" });
        var circle = node("circle", { cx: c.x, cy: c.y, r: c.r });
        var title = node("title", {});
        title.textContent = c.label;
        circle.append(title);
        a.append(circle);
        if (c.count > 1) {
          var t = node("text", { x: c.x, y: c.y + 4, "aria-hidden": "true" });
          t.textContent = String(c.count);
          a.append(t);
        }
        layer.append(a);
      });
      status.textContent = data.events + " events with a known place, in " + data.clusters.length + " markers.";
    })
    .catch(function (err) { status.textContent = "The map could not load its markers: " + err.message; });
})();
