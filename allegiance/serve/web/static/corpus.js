// Accept (merge) or reject a merge candidate through the API, with the token the user
// typed: kept in sessionStorage (this tab only) and sent as a bearer header, never in a URL.
(function () {
  "use strict";
  var token = document.getElementById("token");
  var status = document.getElementById("write-status");
  if (!token) return;
  token.value = sessionStorage.getItem("allegiance-token") || "";
  token.addEventListener("input", function () { sessionStorage.setItem("allegiance-token", token.value); });

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: "Bearer " + token.value },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (d) { if (!r.ok) throw new Error(d.error ? d.error.message : r.statusText); return d; });
    });
  }

  document.querySelectorAll("table.candidates tr[data-a]").forEach(function (row) {
    var a = Number(row.dataset.a), b = Number(row.dataset.b);
    function done(text) { status.textContent = text; row.remove(); }
    function fail(err) { status.textContent = "Not done: " + err.message; }
    row.querySelector("button.accept").addEventListener("click", function () {
      post("/api/merge", { keep: a, other: b, reason: "accepted in the web UI" })
        .then(function (d) { done("Merged " + d.merged + " into " + d.kept + "."); }, fail);
    });
    row.querySelector("button.reject").addEventListener("click", function () {
      post("/api/candidates/reject", { a: a, b: b }).then(function () { done("Kept " + a + " and " + b + " apart."); }, fail);
    });
  });
})();
