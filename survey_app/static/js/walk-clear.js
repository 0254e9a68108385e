// Signing out wipes what the offline walk-round kept on this phone (issue 20): its queue in
// IndexedDB, the service worker's caches and the worker itself. Owner survey drafts stay.
(function () {
  "use strict";
  var form = document.querySelector("form[data-walk-clear]");
  if (!form || !window.Promise) { return; }
  function wipe() {
    var jobs = [];
    if (window.indexedDB) {
      jobs.push(new Promise(function (ok) {
        var r = indexedDB.deleteDatabase("walk-offline");
        r.onsuccess = r.onerror = r.onblocked = function () { ok(); };
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("walk-") === 0; })
          .map(function (k) { return caches.delete(k); }));
      }));
    }
    if (navigator.serviceWorker) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    // never keep the user from signing out: give up waiting after 2 s
    return Promise.race([Promise.all(jobs), new Promise(function (ok) { setTimeout(ok, 2000); })]);
  }
  form.addEventListener("submit", function (event) {
    if (form.dataset.cleared) { return; }
    event.preventDefault();
    wipe().catch(function () { return null; }).then(function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  });
}());
