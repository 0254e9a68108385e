/* Notice board: a notice confirmed moments ago says "PDF 正在生成…" while a worker renders
   its report. Ask the PDF's address (HEAD, no body) every few seconds; once it answers,
   fetch this page again and put the notice's fresh download block (link, sha256, verify
   link) in place of the message, so an owner who just scanned the QR code need not reload.
   Gives up quietly after about three minutes; without JavaScript a reload shows it. */
(function () {
  "use strict";
  var EVERY = 4000, TRIES = 45, tries = 0;
  if (!window.fetch || !window.DOMParser) { return; }

  function waiting() {
    return Array.prototype.slice.call(document.querySelectorAll(".pdf-pending[data-pdf-url]"));
  }

  function swapIn(message) {
    return fetch(location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var card = message.closest("article[id]");
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = card && doc.getElementById(card.id);
        var block = fresh && fresh.querySelector(".published-pdf");
        if (block && !block.classList.contains("pdf-pending")) {
          message.replaceWith(document.importNode(block, true));
        }
      });
  }

  function ready(message) {
    return fetch(message.dataset.pdfUrl, { method: "HEAD", credentials: "same-origin" })
      .then(function (response) { return response.ok ? swapIn(message) : null; },
            function () { return null; });  // offline for a moment: try again later
  }

  function check() {
    var left = waiting();
    tries += 1;
    if (!left.length || tries > TRIES) { return; }
    Promise.all(left.map(ready)).then(function () { setTimeout(check, EVERY); },
                                      function () { setTimeout(check, EVERY); });
  }

  if (waiting().length) { setTimeout(check, EVERY); }
}());
