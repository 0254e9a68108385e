// Service worker of the offline walk-rounds (issue 20). The same script is served as
// /inspections/, /internal/ and /assessments/sw-walk.js, each registration scoped to its folder.
// It keeps only walk-round pages this user opened and the app's own static files, in a
// cache named after the user; other users' caches are deleted, and sign-out clears them.
"use strict";
var USER = new URL(self.location).searchParams.get("u") || "0";
var CACHE = "walk-" + USER;
var WALK = /^\/(inspections|internal)\/c\/\d+\/\d+\/walk$|^\/assessments\/\d+\/sheet$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("walk-") === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  // a redirect (to the sign-in page) or an error is never kept in place of the page
  if (response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(Promise.all(urls.map(function (url) {
    var u = new URL(url, self.location);
    if (u.origin !== self.location.origin) { return null; }
    return fetch(u.href, { credentials: "same-origin" }).then(function (r) {
      return keep(new Request(u.pathname + u.search), r);
    }).catch(function () { return null; });
  })));
});

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  var key = url.pathname + url.search;
  if (WALK.test(url.pathname)) {
    // network first: the page online is always the server's; the copy is for no network
    event.respondWith(fetch(request).then(function (r) { return keep(key, r); }, function () {
      return caches.open(CACHE).then(function (c) { return c.match(key); }).then(function (hit) {
        return hit || Response.error();
      });
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(CACHE).then(function (c) { return c.match(key); }).then(
      function (hit) { return hit || fetch(request).then(function (r) { return keep(key, r); }); }));
  }
});
