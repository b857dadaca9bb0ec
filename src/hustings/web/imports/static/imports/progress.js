// Follow an import job: poll its progress endpoint, move the <progress> bar and its text, and
// reload the page (which then shows the report) when the job stops running.
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section) return;
  var bar = document.getElementById("import-bar");
  var text = document.getElementById("import-text");
  function poll() {
    fetch(section.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (live) {
        if (!live.running) { window.location.reload(); return; }
        bar.max = live.total || 1;
        bar.value = live.done;
        bar.textContent = live.done + " of " + live.total;
        text.textContent = live.phase + ": " + live.done + " of " + live.total + " rows.";
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
