/* The count page: an RCTab contest (.zip) is counted under the rules in its own configuration, so
   while one is chosen the form's method, seats, ties, seed and options are disabled, and the
   paragraph saying why (#count-rules) is pointed to from the file field. Without this script the
   server ignores those fields for a .zip all the same, and the page says so.

   A background count's page, while the count waits or runs (data-running: seconds between looks),
   fetches itself and moves its progress bar and step (the status line is read out), and reloads
   once the count is done; without this script a <noscript> meta refresh reloads it. */
(function () {
  "use strict";
  var section = document.getElementById("count-job");
  if (!section || !section.dataset.running) return;
  var every = 1000 * Number(section.dataset.running);
  function look() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("count-job");
        if (!fresh || !fresh.dataset.running) { window.location.reload(); return; }
        var ids = ["count-bar", "count-text"];
        for (var i = 0; i < ids.length; i++) {
          var now = document.getElementById(ids[i]);
          var next = fresh.querySelector("#" + ids[i]);
          if (!now || !next) continue;
          if (next.hasAttribute("value")) now.setAttribute("value", next.getAttribute("value"));
          if (now.textContent !== next.textContent) now.textContent = next.textContent;
        }
        window.setTimeout(look, every);
      })
      .catch(function () { window.setTimeout(look, every); });
  }
  window.setTimeout(look, every);
})();

(function () {
  "use strict";
  var file = document.getElementById("id_file");
  if (!file) return;
  var names = ["id_method", "id_seats", "id_tie_break", "id_seed", "id_options"];

  function update() {
    var contest = /\.zip$/i.test(file.value || "");
    for (var i = 0; i < names.length; i++) {
      var field = document.getElementById(names[i]);
      if (field) field.disabled = contest;
    }
    var rules = document.getElementById("count-rules");
    if (rules) rules.classList.toggle("notice", contest);
  }

  file.setAttribute("aria-describedby", [file.getAttribute("aria-describedby"), "count-rules"].filter(Boolean).join(" "));
  file.addEventListener("change", update);
  update();
})();
