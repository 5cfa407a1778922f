// The evidence named in the URL fragment (#ev-N): every piece of it highlighted and the
// first scrolled to the middle of the screen; again whenever the fragment changes.
(function () {
  "use strict";
  function current() {
    var m = /^#ev-(\d+)$/.exec(location.hash);
    return m ? m[1] : null;
  }
  function highlight() {
    document.querySelectorAll("mark.ev.current").forEach(function (n) { n.classList.remove("current"); });
    document.querySelectorAll(".fact.current").forEach(function (n) { n.classList.remove("current"); });
    var id = current();
    if (!id) return;
    var marks = Array.prototype.filter.call(document.querySelectorAll("mark.ev[data-ev]"), function (n) {
      return n.dataset.ev.split(" ").indexOf(id) >= 0;
    });
    marks.forEach(function (n) { n.classList.add("current"); });
    var fact = document.getElementById("fact-" + id);
    if (fact) {
      fact.classList.add("current");
      var list = fact.closest(".facts");
      if (list) list.scrollTop = fact.offsetTop - list.clientHeight / 2;
    }
    var target = marks[0] || document.getElementById("ev-" + id);
    if (target) target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", highlight);
  // Again after load: the browser's own jump to the fragment comes after deferred scripts.
  window.addEventListener("load", function () { setTimeout(highlight, 0); });
  highlight();
})();
