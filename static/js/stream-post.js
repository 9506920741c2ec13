// Posts: "Copy link" copies the post's full address; without JavaScript it is a plain link to the post.
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
})();
