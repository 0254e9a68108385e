// Offline walk-round (issue 20): with no network, item saves and photos wait in IndexedDB on
// this phone and are sent in order, each with an idempotency key, once the network is back.
// Online, inspections-walk.js saves as before; without JS the forms post as before.
(function () {
  "use strict";
  var cfg = document.getElementById("walk-offline");
  if (!cfg || !window.indexedDB || !window.fetch || !window.Promise) { return; }
  var t = cfg.dataset, DB = "walk-offline", banner = document.getElementById("walk-offline-banner");
  var db = null, busy = false, delay = 2000, moved = {}, signedOut = false;

  function fill(text, map) {
    return text.replace(/\{(\w+)\}/g, function (_m, k) { return map[k]; });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "k-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function req(r) {
    return new Promise(function (ok, fail) {
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function store(mode) { return db.transaction("queue", mode).objectStore("queue"); }
  function all() { return req(store("readonly").getAll()); }

  // The queue belongs to one account: another user's leftovers are wiped, never sent.
  function open() {
    var r = indexedDB.open(DB, 1);
    r.onupgradeneeded = function () {
      r.result.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      r.result.createObjectStore("meta");
    };
    return req(r).then(function (d) {
      db = d;
      // sign-out deletes the database: let go of it at once and never sync again
      d.onversionchange = function () { d.close(); db = null; };
      var meta = d.transaction("meta", "readwrite").objectStore("meta");
      return req(meta.get("user")).then(function (user) {
        if (user && user !== t.user) { return req(store("readwrite").clear()); }
      }).then(function () {
        return req(d.transaction("meta", "readwrite").objectStore("meta").put(t.user, "user"));
      });
    });
  }

  function article(item) { return document.getElementById("item-" + item); }
  function state(item, text, cls) {
    var a = article(item);
    if (!a) { return; }
    var s = a.querySelector("[data-state]");
    s.textContent = text;
    a.classList.remove("is-local", "is-synced");
    if (cls) { a.classList.add(cls); }
  }
  function errorsOf(item, message, extra) {
    var box = article(item) && article(item).querySelector("[data-errors]");
    if (!box) { return; }
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = message;
    box.appendChild(p);
    if (extra) { box.appendChild(extra); }
    article(item).querySelector("details.item-more").open = true;
  }

  function words(v) {
    if (!v || !v.mode) { return "—"; }
    if (v.mode === "na") { return t.na; }
    return v.mode === "points" ? fill(t.points, { p: v.points }) : fill(t.count, { c: v.count });
  }

  function showQueue() {
    if (!db) { return Promise.resolve(); }
    return all().then(function (list) {
      banner.hidden = !list.length;
      if (!list.length) { return; }
      var oldest = new Date(list[0].at);
      banner.textContent = (signedOut ? t.login + " " : "") + fill(t.queue, { n: list.length }) +
        " " + fill(t.age, { time: oldest.toLocaleString() });
      list.forEach(function (e) { if (e.kind === "save") { state(e.item, t.local, "is-local"); } });
    });
  }

  function valuesOf(form) {
    var data = new FormData(form), out = {}, prefix = form.closest("article").dataset.item + "-";
    ["mode", "points", "count", "note", "location"].forEach(function (name) {
      var v = data.get(prefix + name);
      if (v === null || v === "") { out[name] = name === "note" || name === "location" ? "" : null; }
      else { out[name] = name === "points" || name === "count" ? Number(v) : v; }
    });
    return out;
  }

  // Photos are made small on the phone first: longest side 1600 px, JPEG quality 0.8.
  function compress(file) {
    return new Promise(function (ok, fail) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () {
        var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * scale);
        c.height = Math.round(img.height * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) { if (b) { ok(b); } else { fail(new Error("blob")); } },
                 "image/jpeg", 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); fail(new Error("image")); };
      img.src = url;
    });
  }

  function put(entry) {
    entry.at = Date.now();
    entry.key = uuid();
    return req(store("readwrite").add(entry));
  }

  function queue(form) {
    var a = form.closest("article"), item = a.dataset.item;
    var files = form.querySelector("input[type=file]");
    files = files ? Array.prototype.slice.call(files.files) : [];
    return Promise.all(files.map(function (f) {
      return compress(f).catch(function () { errorsOf(item, t.noPhoto); return null; });
    })).then(function (blobs) {
      return put({ kind: "save", item: item, url: form.action + "/offline",
                   base: a.dataset.version || null, values: valuesOf(form) }).then(function () {
        return blobs.reduce(function (p, b) {
          return b ? p.then(function () {
            return put({ kind: "photo", item: item, url: form.action + "/offline-photo", blob: b });
          }) : p;
        }, Promise.resolve());
      });
    }).then(function () {
      var box = a.querySelector("[data-errors]");
      if (box) { box.textContent = ""; }
      if (files.length) { form.querySelector("input[type=file]").value = ""; }
      return showQueue();
    }).catch(function () { errorsOf(item, t.full); });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("item-form") || navigator.onLine) { return; }
    // offline: keep the save on the phone instead of letting the request fail
    event.preventDefault();
    event.stopImmediatePropagation();
    queue(form);
  }, true);

  // online but the request failed (network dropped, or the sign-in ended): keep it too
  document.addEventListener("walk:unsent", function (event) { queue(event.target).then(sync); });

  function send(e) {
    var base = e.base;
    if (moved[e.item] && moved[e.item].from === base) { base = moved[e.item].to; }
    var init = { method: "POST", credentials: "same-origin",
                 headers: { "X-CSRFToken": t.csrf, "X-Requested-With": "fetch" } };
    if (e.kind === "photo") {
      init.body = new FormData();
      init.body.append("key", e.key);
      init.body.append("photo", e.blob, "photo.jpg");
    } else {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(Object.assign({ key: e.key, base: base }, e.values));
    }
    return fetch(e.url, init).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; },
                           function () { return { status: r.status, body: null }; });
    });
  }

  function drop(e) { return req(store("readwrite").delete(e.seq)); }

  // What to do with the server's answer; false stops this round (try again later).
  function settle(e, res) {
    var b = res.body || {};
    if (res.status === 200 && b.ok) {
      if (e.kind === "save") {
        moved[e.item] = { from: e.base, to: b.version };
        article(e.item).dataset.version = b.version || "";
        state(e.item, t.synced, "is-synced");
      }
      return drop(e).then(function () { return true; });
    }
    if (res.status === 401) { signedOut = true; return false; }
    if (res.status === 409 && b.conflict) { conflict(e, b); return drop(e).then(function () { return true; }); }
    // a 409 that is neither a conflict nor a lock: the same key is in flight; ask again later
    if ((res.status === 400 || (res.status === 409 && b.locked)) && b.message) {
      errorsOf(e.item, b.message);
      state(e.item, b.message, null);
      return drop(e).then(function () { return true; });
    }
    return false;
  }

  function conflict(e, b) {
    var box = document.createElement("p");
    [[t.mine, function () {
      return put({ kind: "save", item: e.item, url: e.url, base: b.theirs.version,
                   values: e.values });
    }], [t.theirs, function () { return Promise.resolve(); }]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = pair[0];
      button.addEventListener("click", function () {
        article(e.item).dataset.version = b.theirs.version || "";
        box.parentNode.textContent = "";
        pair[1]().then(showQueue).then(sync);
        if (pair[0] === t.theirs) { state(e.item, words(b.theirs), "is-synced"); }
      });
      box.appendChild(button);
    });
    errorsOf(e.item, fill(t.conflict, { theirs: words(b.theirs), mine: words(b.mine) }), box);
  }

  function sync() {
    if (busy || !db || signedOut || !navigator.onLine) { return; }
    busy = true;
    function next() {
      return all().then(function (list) {
        if (!list.length) { return true; }
        return send(list[0]).then(function (res) {
          return settle(list[0], res);
        }).then(function (go) { return go ? next() : false; });
      });
    }
    next().catch(function () { return false; }).then(function (done) {
      busy = false;
      showQueue();
      // network still flaky: try again later, waiting longer each time (at most 1 min)
      if (!done && !signedOut) { setTimeout(sync, delay); delay = Math.min(delay * 2, 60000); }
      else { delay = 2000; }
    });
  }

  function onlineOnly() {
    document.querySelectorAll("[data-online-only]").forEach(function (el) {
      if (el === cfg) { return; }
      var off = !navigator.onLine;
      el.classList.toggle("is-disabled", off);
      el.setAttribute("aria-disabled", off ? "true" : "false");
      el.title = off ? t.onlineOnly : "";
    });
  }
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-online-only]");
    if (el && !navigator.onLine) { event.preventDefault(); banner.hidden = false; banner.textContent = t.onlineOnly; }
  }, true);

  window.addEventListener("online", function () { onlineOnly(); sync(); });
  window.addEventListener("offline", onlineOnly);
  onlineOnly();
  open().then(showQueue).then(sync).catch(function () { banner.hidden = false; banner.textContent = t.full; });

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(t.worker + "?u=" + encodeURIComponent(t.user),
                                     { scope: "/inspections/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      // this page and everything it loaded, so it opens again with no network
      var urls = [location.pathname].concat(Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel=stylesheet]"),
        function (el) { return el.src || el.href; }));
      reg.active.postMessage({ cache: urls });
    }).catch(function () { /* no worker: the page works online as today */ });
  }
}());
