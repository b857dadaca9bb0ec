// A voter's tracking code, kept on the device they voted on. The receipt page stores it (under the
// ballot's id) in this browser's localStorage; the home page and the ballot's page show it beside
// "You have voted". The server keeps no link between a member and their ballot (docs/ballots.md),
// so it cannot show the code itself.
(function () {
  "use strict";
  var key = function (ballot) { return "hustings-tracking-" + ballot; };
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  var receipt = document.getElementById("tracking-code");
  if (receipt && receipt.getAttribute("data-ballot")) {
    store.setItem(key(receipt.getAttribute("data-ballot")), receipt.textContent.trim());
  }
  var shown = document.querySelectorAll(".saved-tracking[data-ballot]");
  for (var i = 0; i < shown.length; i++) {
    var code = store.getItem(key(shown[i].getAttribute("data-ballot")));
    if (!code) continue;
    shown[i].querySelector(".saved-tracking-code").textContent = code;
    shown[i].hidden = false;
  }
})();
