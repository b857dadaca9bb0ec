// Fill the vote page's code field from the e-mailed link's fragment (#code=...), then take the
// fragment out of the address bar and the history entry. A fragment is never sent to the server,
// so the code reaches no access log; the member can always type the code instead.
(function () {
  "use strict";
  var field = document.getElementById("credential");
  var match = /(?:^#|&)code=([^&]*)/.exec(window.location.hash);
  if (!match) return;
  if (field && !field.value) field.value = decodeURIComponent(match[1]);
  window.history.replaceState(null, "", window.location.pathname);
})();
