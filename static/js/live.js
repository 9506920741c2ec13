/*
 * Live updates from the live endpoint (server-sent events).
 *
 * Expects <body data-live-url="..."> (only rendered for logged-in people) and
 * keeps every [data-notification-count] badge and the aria-label of every
 * [data-notification-bell] link current; the label comes from that link's
 * data-label-template, with {count} replaced. Other scripts can listen for
 * the "plein:live" event on document (detail: {id, kind}).
 *
 * EventSource reconnects by itself after a dropped connection; after an
 * answer other than 200 this script reconnects with a growing delay.
 */
(function () {
  "use strict";

  var url = document.body && document.body.dataset.liveUrl;
  if (!url || !window.EventSource) {
    return;
  }
  var source = null;
  var retryDelay = 5000;
  var retryTimer = null;

  function showUnread(count) {
    document.querySelectorAll("[data-notification-count]").forEach(function (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    });
    document.querySelectorAll("[data-notification-bell]").forEach(function (bell) {
      var template = bell.dataset.labelTemplate;
      if (template) {
        bell.setAttribute("aria-label", template.replace("{count}", String(count)));
      }
    });
  }

  function parse(message) {
    try {
      return JSON.parse(message.data);
    } catch (error) {
      return null;
    }
  }

  // The browser retries a dropped stream by itself, but gives up for good on
  // any answer other than 200 (a restart's 503, a proxy's 502, a 429). Then
  // try again later, waiting longer each time, up to five minutes.
  function retryLater() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  }

  function connect() {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener("open", function () {
      retryDelay = 5000;
    });
    source.addEventListener("error", function () {
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        retryLater();
      }
    });
    source.addEventListener("unread", function (message) {
      var data = parse(message);
      if (data && typeof data.count === "number") {
        showUnread(data.count);
      }
    });
    source.addEventListener("event", function (message) {
      var data = parse(message);
      if (data) {
        document.dispatchEvent(new CustomEvent("plein:live", { detail: data }));
      }
    });
  }

  // An open stream keeps the page out of the back/forward cache; close it on
  // leaving and open a fresh one (with a fresh count) when the page comes back.
  window.addEventListener("pagehide", function () {
    if (retryTimer) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }
    if (source) {
      source.close();
      source = null;
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !source) {
      connect();
    }
  });

  connect();
})();
