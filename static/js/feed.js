/*
 * The home feed.
 *
 * Read marks: feed items marked data-unread that scroll (mostly) into view are
 * reported in batches to the feed's data-read-url (POST post=<id>…, with the
 * CSRF header the page's hx-headers carries). Nothing is written while the
 * page renders; only what the reader actually saw.
 *
 * Live banner: on a "post.created" event from live.js ("plein:live" on
 * document) the script asks data-new-url how many posts arrived since the
 * feed list was read (#feed-list[data-since]) and shows the server's text in
 * the banner button, which overlays the top of the feed (nothing moves) in a
 * polite live region. The button's hx-get reloads the feed's first page.
 */
(function () {
  "use strict";

  var feed = document.querySelector("[data-feed]");
  if (!feed) {
    return;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // --- read marks ------------------------------------------------------------
  var readUrl = feed.dataset.readUrl;
  var pending = [];
  var flushTimer = null;
  var observer = null;

  function flush() {
    if (flushTimer) {
      window.clearTimeout(flushTimer);
      flushTimer = null;
    }
    if (!pending.length || !readUrl) {
      return;
    }
    var body = new URLSearchParams();
    pending.splice(0, 100).forEach(function (id) {
      body.append("post", id);
    });
    fetch(readUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": csrfToken() },
    }).catch(function () {
      /* a lost read mark is harmless: the post stays marked unread */
    });
  }

  function seen(entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        var item = entry.target;
        observer.unobserve(item);
        item.removeAttribute("data-unread");
        pending.push(item.dataset.feedPost);
      }
    });
    if (pending.length && !flushTimer) {
      flushTimer = window.setTimeout(flush, 2000);
    }
  }

  function watch(root) {
    if (!observer) {
      return;
    }
    root.querySelectorAll("[data-feed-post][data-unread]").forEach(function (item) {
      observer.observe(item);
    });
  }

  if (readUrl && "IntersectionObserver" in window) {
    observer = new IntersectionObserver(seen, { threshold: 0.6 });
    watch(feed);
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush();
      }
    });
  }

  // --- live "N new posts" banner ----------------------------------------------
  var banner = feed.querySelector("[data-feed-banner]");
  var newUrl = feed.dataset.newUrl;
  var asking = false;
  var askAgain = false;

  function since() {
    var list = document.getElementById("feed-list");
    return list ? list.dataset.since || "" : "";
  }

  function askCount() {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    fetch(newUrl + "?since=" + encodeURIComponent(since()), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.count > 0) {
          banner.textContent = data.label;
          banner.hidden = false;
        }
      })
      .catch(function () {})
      .then(function () {
        asking = false;
        if (askAgain) {
          askAgain = false;
          askCount();
        }
      });
  }

  var focusList = false;

  if (banner && newUrl) {
    document.addEventListener("plein:live", function (event) {
      if (event.detail && event.detail.kind === "post.created") {
        askCount();
      }
    });
    banner.addEventListener("click", function () {
      banner.hidden = true;
      focusList = true;
    });
  }

  // A reloaded first page or a next page came in: watch its posts; after "show", move focus to the new list.
  document.body.addEventListener("htmx:afterSettle", function () {
    var list = document.getElementById("feed-list");
    if (!list) {
      return;
    }
    watch(list);
    if (focusList) {
      focusList = false;
      list.focus();
    }
  });
})();
