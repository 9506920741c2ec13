// Quick results in the header search box: the ARIA 1.2 combobox pattern with a listbox.
// htmx fetches the options (hx-get on the box); this script keeps the keyboard, the active option
// (aria-activedescendant) and the spoken count in step. Without it the box is a plain search form.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-search-listbox");
  var status = document.querySelector("[data-quick-status]");
  if (!input || !list) return;
  var active = -1;

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
  }
  function setActive(index) {
    var all = options();
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function open() {
    if (!options().length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }
  function go(option) {
    var href = option.getAttribute("data-href");
    if (href) window.location.assign(href);
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target !== list) return;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!options().length) {
      close();
      return;
    }
    var count = list.querySelector("[data-quick-count]");
    if (status && count) status.textContent = count.textContent.trim();
    if (document.activeElement === input) open();
  });
  input.addEventListener("keydown", function (event) {
    var all = options();
    if (event.key === "ArrowDown") {
      if (!all.length) return;
      event.preventDefault();
      open();
      setActive(active + 1 >= all.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      if (!all.length || list.hidden) return;
      event.preventDefault();
      setActive(active - 1 < 0 ? all.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      // With an option chosen, open it; otherwise the form submits to the full results page.
      if (!list.hidden && active >= 0 && all[active]) {
        event.preventDefault();
        go(all[active]);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("input", function () {
    if (input.value.trim().length < 2) close();
  });
  // Keep the focus in the box when an option is clicked, then open it.
  list.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest('[role="option"]');
    if (option) go(option);
  });
  input.addEventListener("blur", close);
  input.addEventListener("focus", function () {
    if (input.value.trim().length > 1) open();
  });
})();
