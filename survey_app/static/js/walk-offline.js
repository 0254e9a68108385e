// Offline walk-round (issue 20): with no network, item saves and photos wait in IndexedDB on
// this phone and are sent in order, each with an idempotency key, once the network is back.
// One script for every walk-round (joint and internal inspections, third-party sheets): an
// item is an element [data-item] (id "item-<id>"), its fields are named "<id>-x" or "x-<id>",
// and it saves to (data-url or its form's action) + "/offline". Online, the pages save as
// before; without JS the forms post as before.
(function () {
  "use strict";
  var cfg = document.getElementById("walk-offline");
  if (!cfg || !window.indexedDB || !window.fetch || !window.Promise) { return; }
  var t = cfg.dataset, DB = "walk-offline", banner = document.getElementById("walk-offline-banner");
  var db = null, busy = false, delay = 2000, moved = {}, signedOut = false, opening;

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

  opening = open();

  function article(item) { return document.getElementById("item-" + item); }
  function when(at) { var d = new Date(at); return isNaN(d) ? "" : d.toLocaleString(); }
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
    var more = article(item).querySelector("details.item-more");
    if (more) { more.open = true; }
  }

  function words(v) {
    if (!v || (!v.mode && v.points == null && !v.na)) { return "—"; }
    if (v.mode === "na" || v.na) { return t.na; }
    return v.mode === "deductions" ? fill(t.count, { c: v.count }) : fill(t.points, { p: v.points });
  }

  function showQueue() {
    if (!db) { return Promise.resolve(); }
    return all().then(function (list) {
      banner.hidden = !list.length;
      if (!list.length) { return; }
      // the oldest save by queue order, not by time: a phone clock set wrong or changed
      // meanwhile never reorders saves, and the age shown is the phone's own time
      banner.textContent = (signedOut ? t.login + " " : "") + fill(t.queue, { n: list.length }) +
        " " + fill(t.age, { time: when(list[0].at) });
      list.forEach(function (e) {
        if (e.kind !== "save") { return; }
        state(e.item, [t.local, words(e.values), fill(t.age, { time: when(e.at) })].join(" · "),
              "is-local");
      });
    });
  }

  // "<id>-note" or "note-<id>" → "note"; null for another item's or a technical field
  function fieldOf(name, item) {
    if (name.indexOf(item + "-") === 0) { name = name.slice(item.length + 1); }
    else if (name.slice(-item.length - 1) === "-" + item) { name = name.slice(0, -item.length - 1); }
    else { return null; }
    return name === "csrf_token" ? null : name;
  }
  function fields(scope, item, fn) {
    scope.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (el) {
      var name = fieldOf(el.name, item);
      if (name && el.type !== "file") { fn(el, name); }
    });
  }
  function valuesOf(scope, item) {
    var out = {};
    fields(scope, item, function (el, name) {
      if (el.disabled || (el.type === "radio" && !el.checked)) { return; }
      if (el.type === "checkbox") { out[name] = el.checked; return; }
      var v = el.value;
      out[name] = name === "points" || name === "count" ? (v === "" ? null : Number(v)) : v;
    });
    return out;
  }

  // After a reload the queued values are back in their fields, not only in the banner.
  function restore(e) {
    var a = article(e.item);
    if (!a) { return; }
    fields(a, e.item, function (el, name) {
      if (el.type === "hidden" || !(name in e.values)) { return; }
      var v = e.values[name];
      if (el.type === "radio") { el.checked = el.value === String(v); }
      else if (el.type === "checkbox") { el.checked = !!v; }
      else { el.value = v == null ? "" : v; }
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
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

  // Photos wait as bytes, not as Blobs: WebKit refuses a Blob in IndexedDB wherever it keeps
  // no files (private browsing, ephemeral WebViews: "Error preparing Blob/File data").
  function bytes(blob) {
    return new Promise(function (ok, fail) {
      var reader = new FileReader();
      reader.onload = function () { ok({ data: reader.result, type: blob.type || "image/jpeg" }); };
      reader.onerror = function () { fail(reader.error); };
      reader.readAsArrayBuffer(blob);
    });
  }

  // One transaction for a save and its photos: storage full keeps none of them, never half.
  // a save tapped while the page is still opening the queue waits for it, not fails
  function put(entries) {
    return opening.then(function () { return new Promise(function (ok, fail) {
      var tx = db.transaction("queue", "readwrite"), s = tx.objectStore("queue");
      tx.oncomplete = function () { ok(); };
      tx.onerror = tx.onabort = function () { fail(tx.error); };
      try {
        entries.forEach(function (e) { e.at = Date.now(); e.key = uuid(); s.add(e); });
      } catch (err) { fail(err); try { tx.abort(); } catch (_e) { /* already ended */ } }
    }); });
  }

  function queue(scope, forced) {
    var a = scope.closest("[data-item]"), item = a.dataset.item, url = a.dataset.url || scope.action;
    var input = scope.querySelector("input[type=file]");
    var files = input ? Array.prototype.slice.call(input.files) : [];
    var values = valuesOf(scope, item);
    if (!forced && !files.length && JSON.stringify(values) === a.dataset.seen) { return Promise.resolve(); }
    return Promise.all(files.map(function (f) { return compress(f).then(bytes); })).then(function (shots) {
      return put([{ kind: "save", item: item, url: url + "/offline", base: a.dataset.version || null,
                    values: values }].concat(shots.map(function (p) {
        return { kind: "photo", item: item, url: url + "/offline-photo", data: p.data, type: p.type };
      }))).then(function () {
        var box = a.querySelector("[data-errors]");
        if (box) { box.textContent = ""; }
        if (input) { input.value = ""; }
        a.dataset.seen = JSON.stringify(values);
        return showQueue();
      }, function () { errorsOf(item, t.full); });
    }, function () { errorsOf(item, t.noPhoto); });
  }

  function keepAll(items) {
    return Array.prototype.reduce.call(items, function (p, scope) {
      return p.then(function () { return queue(scope, items.length === 1); });
    }, Promise.resolve());
  }

  // navigator.onLine only says a network interface is up (WebKit, and any phone in a
  // basement or on Wi-Fi with no way out): before a whole sheet is posted as a page, ask the
  // server, so a lost network keeps the sheet on the phone instead of an error page.
  function reachable() {
    var asked = fetch(t.probe, { method: "HEAD", cache: "no-store", credentials: "same-origin" })
      .then(function () { return true; }, function () { return false; });
    return Promise.race([asked, new Promise(function (ok) { setTimeout(ok, 8000, false); })]);
  }
  function postOrKeep(form, button) {
    if (form.dataset.probing) { return; }
    form.dataset.probing = "1";
    reachable().then(function (up) {
      delete form.dataset.probing;
      if (up) {
        // the pressed button's name=value (保存草稿 or 提交并锁定) goes with the form
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = button && button.name ? button.name : "";
        hidden.value = button ? button.value : "";
        if (hidden.name) { form.appendChild(hidden); }
        HTMLFormElement.prototype.submit.call(form);
        if (hidden.parentNode) { form.removeChild(hidden); }
      } else if (button && button.hasAttribute("data-online-only")) {
        banner.hidden = false;
        banner.textContent = t.onlineOnly;
      } else {
        // no "online" event will come to send it: the retry loop does, once the server answers
        keepAll(form.querySelectorAll("[data-item]")).then(sync);
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, items;
    if (!form.classList) { return; }
    var sheet = form.hasAttribute("data-offline-items");
    if (navigator.onLine) {
      if (!sheet || !t.probe) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      // the pressed button (SubmitEvent.submitter; older WebKit: the focused one, else 保存草稿)
      var active = document.activeElement;
      postOrKeep(form, event.submitter || (active && active.form === form && active.type === "submit"
                                           ? active : form.querySelector("[type=submit]")));
      return;
    }
    if (form.classList.contains("item-form")) { items = [form]; }
    else if (sheet) { items = form.querySelectorAll("[data-item]"); }
    else { return; }
    // offline: keep the save on the phone instead of letting the request fail
    event.preventDefault();
    event.stopImmediatePropagation();
    keepAll(items);
  }, true);

  // online but the request failed (network dropped, or the sign-in ended): keep it too
  document.addEventListener("walk:unsent", function (event) { queue(event.target, true).then(sync); });

  function send(e) {
    var base = e.base;
    if (moved[e.item] && moved[e.item].from === base) { base = moved[e.item].to; }
    var init = { method: "POST", credentials: "same-origin",
                 headers: { "X-CSRFToken": t.csrf, "X-Requested-With": "fetch" } };
    if (e.kind === "photo") {
      init.body = new FormData();
      init.body.append("key", e.key);
      // e.blob: a photo queued before photos were kept as bytes
      init.body.append("photo", e.blob || new Blob([e.data], { type: e.type }), "photo.jpg");
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
        if (article(e.item)) { article(e.item).dataset.version = b.version || ""; }
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
      return put([{ kind: "save", item: e.item, url: e.url, base: b.theirs.version,
                    values: e.values }]);
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
  function seen() {
    document.querySelectorAll("[data-item]").forEach(function (a) {
      a.dataset.seen = JSON.stringify(valuesOf(a, a.dataset.item));
    });
  }
  opening.then(all).then(function (list) {
    list.forEach(function (e) { if (e.kind === "save") { restore(e); } });
    seen();
  }).then(showQueue).then(sync).catch(function () { banner.hidden = false; banner.textContent = t.full; });

  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(t.worker + "?u=" + encodeURIComponent(t.user),
                                     { scope: t.worker.replace(/[^/]*$/, "") }).then(function () {
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
