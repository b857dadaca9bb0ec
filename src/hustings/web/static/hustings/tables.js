/* Tables on a phone (site.css, "Tables on a phone"). A list table becomes a stack of cards below
   40rem: each cell is labelled with its column's heading (data-label, shown by CSS). A table of
   numbers (class "scroll", or a count's rounds) keeps its columns and scrolls sideways inside its
   own region, which the keyboard can reach (tabindex 0) and which shows a cue while it overflows.
   Preformatted text gets the same treatment: it scrolls in place and can be focused. Without this
   script the CSS alone still keeps every page within the screen. */
(function () {
  "use strict";
  var me = document.currentScript;
  var cue = (me && me.getAttribute("data-scroll-cue")) || "Scroll sideways to see more";

  function labelCells(table) {
    var heads = [];
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    for (var i = 0; i < head.cells.length; i++) {
      for (var s = 0; s < (head.cells[i].colSpan || 1); s++) heads.push(head.cells[i].textContent.trim());
    }
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var col = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          if (heads[col] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[col]);
          col += cell.colSpan || 1;
        }
      }
    }
  }

  function scrollRegion(table) {
    var region = table.parentElement;
    if (!region.classList.contains("table-scroll")) {
      region = document.createElement("div");
      region.className = "table-scroll";
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    }
    region.setAttribute("role", "region");
    region.setAttribute("tabindex", "0");
    var caption = table.caption ? table.caption.textContent.trim() : "";
    region.setAttribute("aria-label", caption || table.getAttribute("aria-label") || cue);
    region.setAttribute("data-cue", cue);
  }

  function markOverflow() {
    var regions = document.querySelectorAll(".table-scroll, main pre");
    for (var i = 0; i < regions.length; i++) {
      var el = regions[i];
      el.classList.toggle("overflows", el.scrollWidth > el.clientWidth + 1);
    }
  }

  var tables = document.querySelectorAll("main table");
  for (var t = 0; t < tables.length; t++) {
    var table = tables[t];
    if (table.classList.contains("scroll") || table.id === "rounds") scrollRegion(table);
    else labelCells(table);
  }
  var pres = document.querySelectorAll("main pre");
  for (var p = 0; p < pres.length; p++) {
    if (!pres[p].hasAttribute("tabindex")) pres[p].setAttribute("tabindex", "0");
  }
  markOverflow();
  window.addEventListener("resize", markOverflow);
})();
