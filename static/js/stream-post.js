// Posts: "Copy link" copies the post's full address; without JavaScript it is a plain link to the post.
// Reactions: each "React" control arrives as a <details> (works without JavaScript: the choices are plain
// form buttons). Here it becomes a disclosure button with aria-expanded: Enter or Space opens the choices and
// moves focus into them, the arrow keys (and Home/End) move between them, Escape closes and returns focus to
// the button, and after a choice (htmx swaps the control) focus returns to the new button.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-copy-link]") : null;
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    var url = new URL(link.getAttribute("href"), window.location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      var original = link.textContent;
      link.textContent = link.getAttribute("data-copied");
      link.setAttribute("aria-live", "polite");
      window.setTimeout(function () { link.textContent = original; }, 2500);
    }, function () { window.location.href = url; });
  });

  // --- reactions ---------------------------------------------------------------
  var returnFocusTo = "";

  function upgrade(root) {
    root.querySelectorAll("details[data-react]").forEach(function (details) {
      var summary = details.querySelector("summary");
      var form = details.querySelector("form");
      if (!summary || !form) return;
      var control = document.createElement("div");
      control.className = details.className;
      control.setAttribute("data-react-ready", "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = summary.className;
      button.id = summary.id;
      while (summary.firstChild) button.appendChild(summary.firstChild);
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", form.id);
      button.setAttribute("data-react-toggle", "");
      form.hidden = true;
      control.appendChild(button);
      control.appendChild(form);
      details.replaceWith(control);
    });
  }

  function choices(control) {
    return Array.prototype.slice.call(control.querySelectorAll("form button[name='value']"));
  }

  function open(control) {
    document.querySelectorAll("[data-react-ready] [aria-expanded='true']").forEach(function (other) {
      if (other.parentNode !== control) close(other.parentNode, false);
    });
    control.querySelector("[data-react-toggle]").setAttribute("aria-expanded", "true");
    control.querySelector("form").hidden = false;
    var all = choices(control);
    var mine = control.querySelector("form [aria-pressed='true']");
    (mine || all[0]).focus();
  }

  function close(control, giveFocusBack) {
    var toggle = control.querySelector("[data-react-toggle]");
    toggle.setAttribute("aria-expanded", "false");
    control.querySelector("form").hidden = true;
    if (giveFocusBack) toggle.focus();
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-react-toggle]") : null;
    if (toggle) {
      var control = toggle.parentNode;
      if (toggle.getAttribute("aria-expanded") === "true") close(control, true); else open(control);
      return;
    }
    // A click anywhere else closes an open set of choices.
    document.querySelectorAll("[data-react-ready] [aria-expanded='true']").forEach(function (openToggle) {
      if (!openToggle.parentNode.contains(event.target)) close(openToggle.parentNode, false);
    });
  });

  document.addEventListener("keydown", function (event) {
    var control = event.target.closest ? event.target.closest("[data-react-ready]") : null;
    if (!control) return;
    var toggle = control.querySelector("[data-react-toggle]");
    var expanded = toggle.getAttribute("aria-expanded") === "true";
    if (event.key === "Escape" && expanded) {
      event.preventDefault();
      close(control, true);
      return;
    }
    if (event.target === toggle) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); open(control); }
      return;
    }
    var all = choices(control);
    var at = all.indexOf(event.target);
    if (at < 0) return;
    var next = null;
    if (event.key === "ArrowDown" || event.key === "ArrowRight") next = all[(at + 1) % all.length];
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = all[(at - 1 + all.length) % all.length];
    else if (event.key === "Home") next = all[0];
    else if (event.key === "End") next = all[all.length - 1];
    if (next) { event.preventDefault(); next.focus(); }
  });

  // Leaving the choices with Tab closes them (focus stays where the person moved it).
  document.addEventListener("focusout", function (event) {
    var control = event.target.closest ? event.target.closest("[data-react-ready]") : null;
    if (!control || (event.relatedTarget && control.contains(event.relatedTarget))) return;
    if (!event.relatedTarget) return; // focus left the page or went nowhere in particular: keep it open
    if (control.querySelector("[aria-expanded='true']")) close(control, false);
  });

  // A choice was sent: the control comes back swapped (htmx); put focus on its new button.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var control = event.target.closest ? event.target.closest(".plein-reactions") : null;
    if (control && event.target.closest("[data-react-ready]")) returnFocusTo = control.id + "-toggle";
  });
  document.addEventListener("htmx:afterSettle", function () {
    upgrade(document);
    if (returnFocusTo) {
      var toggle = document.getElementById(returnFocusTo);
      returnFocusTo = "";
      if (toggle) toggle.focus();
    }
  });

  upgrade(document);
})();
