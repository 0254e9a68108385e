// Walk-round: save each checklist item on its own with fetch, without reloading the page.
// Without JS the same forms post normally (one item per request), so nothing depends on this.
(function () {
  "use strict";
  var messages = document.getElementById("walk-messages");
  if (!messages || !window.fetch || !window.FormData) { return; }
  var t = messages.dataset;

  function fmt(x) { return x === null || x === undefined ? "—" : Number(x).toFixed(1); }

  function showErrors(box, errors) {
    box.textContent = "";
    Object.keys(errors || {}).forEach(function (name) {
      errors[name].forEach(function (message) {
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = message;
        box.appendChild(p);
      });
    });
  }

  function showThumbs(article, photos) {
    var box = article.querySelector("[data-thumbs]");
    box.textContent = "";
    photos.forEach(function (photo) {
      var img = document.createElement("img");
      img.className = "thumb";
      img.src = photo.thumb;
      img.alt = "";
      box.appendChild(img);
    });
  }

  function saved(form, article, data) {
    var state = article.querySelector("[data-state]");
    var text = data.mode === "na" ? t.na : fmt(data.awarded) + " / " + fmt(data.max_points);
    state.textContent = t.saved + " · " + text + (data.finding ? " · " + t.finding : "");
    article.classList.add("is-saved");
    article.classList.toggle("is-finding", !!data.finding);
    showThumbs(article, data.photos);
    form.querySelector("input[type=file]").value = "";
    document.getElementById("walk-scored").textContent = data.scored;
    document.getElementById("walk-total").textContent = fmt(data.total);
  }

  document.querySelectorAll("form.item-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var article = form.closest("article");
      var box = form.querySelector("[data-errors]");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      box.textContent = t.saving;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"X-Requested-With": "fetch", "Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (data) { return {ok: response.ok, data: data}; });
        })
        .then(function (result) {
          if (result.ok) { box.textContent = ""; saved(form, article, result.data); }
          else { showErrors(box, result.data.errors); }
        })
        .catch(function () { box.textContent = t.offline; })
        .then(function () { button.disabled = false; });
    });
  });
})();
