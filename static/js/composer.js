// The composer and comment forms: drafts kept while typing, and suggestions for @mentions and #topics.
// Everything works without it: people can type @[Name](user:12) and #topic themselves.
(function () {
  "use strict";
  var SENT = "plein-draft-sent";
  var counter = 0;

  function draftKey(form) { return "plein-draft:" + form.getAttribute("data-draft-key"); }

  function setUpDraft(form, textarea) {
    var key = draftKey(form);
    var failed = form.querySelector("[aria-invalid='true']");
    try {
      if (sessionStorage.getItem(SENT) === key && !failed) localStorage.removeItem(key);
      sessionStorage.removeItem(SENT);
      if (!textarea.value && localStorage.getItem(key)) textarea.value = localStorage.getItem(key);
    } catch (e) { return; }
    textarea.addEventListener("input", function () {
      try {
        if (textarea.value) localStorage.setItem(key, textarea.value); else localStorage.removeItem(key);
      } catch (e) { /* storage full or blocked: no draft */ }
    });
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "preview") return;
      try { sessionStorage.setItem(SENT, key); } catch (e) { /* no draft clean-up */ }
    });
  }

  function setUpSuggestions(textarea) {
    counter += 1;
    var listId = "suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "plein-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.getAttribute("data-suggestions-label") || "Suggestions");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "plein-visually-hidden";
    status.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", status);
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);
    var items = [];
    var active = -1;
    var match = null;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, i) { item.el.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) textarea.setAttribute("aria-activedescendant", items[index].el.id);
      else textarea.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      if (!match || !items[index]) return;
      var value = textarea.value;
      var before = value.slice(0, match.start) + items[index].insert;
      textarea.value = before + value.slice(match.end);
      textarea.setSelectionRange(before.length, before.length);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      close();
      textarea.focus();
    }

    function show(results) {
      close();
      results.forEach(function (result, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.className = "plein-suggestions__option";
        li.textContent = result.label;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        items.push({ el: li, insert: result.insert });
      });
      list.hidden = items.length === 0;
      status.textContent = items.length ? (textarea.getAttribute("data-suggestions-count") || "%s").replace("%s", items.length) : "";
      if (items.length) highlight(0);
    }

    function lookUp() {
      var caret = textarea.selectionStart;
      var found = /(^|\s)([@#])([^\s@#\[\]()]{2,40})$/.exec(textarea.value.slice(0, caret));
      if (!found) { match = null; close(); return; }
      match = { start: caret - found[2].length - found[3].length, end: caret };
      var url = textarea.getAttribute(found[2] === "@" ? "data-mention-url" : "data-topic-url");
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(found[3]), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) show(data.results || []); })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(); }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function init(root) {
    root.querySelectorAll("textarea[data-mention-url]").forEach(function (textarea) {
      if (textarea.hasAttribute("data-composer-ready")) return;
      textarea.setAttribute("data-composer-ready", "");
      var form = textarea.form;
      if (form && form.hasAttribute("data-draft-key")) setUpDraft(form, textarea);
      setUpSuggestions(textarea);
    });
  }

  init(document);
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
