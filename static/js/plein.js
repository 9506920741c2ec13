// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Close the profile menu with Escape or a click elsewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.plein-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var toggle = menu.querySelector("summary");
      if (toggle) toggle.focus();
    });
  });
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.plein-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
})();
