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

  // The detailed form follows what was saved, so opening it later shows the saved entry.
  function syncDetail(article, data) {
    var form = article.querySelector("details.item-more form");
    if (!form) { return; }
    var radio = form.querySelector("input[type=radio][value='" + data.mode + "']");
    if (radio) { radio.checked = true; }
    var file = form.querySelector("input[type=file]");
    if (file) { file.value = ""; }
    modeFields(form);
  }

  function saved(form, article, data) {
    var state = article.querySelector("[data-state]");
    var text = data.mode === "na" ? t.na : fmt(data.awarded) + " / " + fmt(data.max_points);
    state.textContent = t.saved + " · " + text + (data.finding ? " · " + t.finding : "");
    article.classList.add("is-saved");
    article.classList.toggle("is-finding", !!data.finding);
    showThumbs(article, data.photos);
    syncDetail(article, data);
    var more = article.querySelector("details.item-more");
    if (more) {
      more.open = false;  // saved items fold away; the next item comes up
      more.querySelector("summary").textContent = t.change;
    }
    document.getElementById("walk-scored").textContent = data.scored;
    document.getElementById("walk-total").textContent = fmt(data.total);
  }

  // Only the box that counts for the chosen mode is shown and sent: in 按处扣分 mode the
  // score comes from the number of problems, so a 得分 box there would be ignored.
  function modeFields(form) {
    var checked = form.querySelector("input[type=radio]:checked");
    var mode = checked ? checked.value : "";
    [["f-count", "deductions"], ["f-points", "points"]].forEach(function (pair) {
      var box = form.querySelector("." + pair[0]);
      if (!box) { return; }
      var on = mode === pair[1];
      box.hidden = !on;
      box.querySelector("input").disabled = !on;
    });
  }

  document.querySelectorAll("details.item-more form").forEach(function (form) {
    modeFields(form);
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") { modeFields(form); }
    });
  });

  document.querySelectorAll("form.item-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var article = form.closest("article");
      var box = article.querySelector("[data-errors]");
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      if (box) { box.textContent = t.saving; }
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"X-Requested-With": "fetch", "Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (data) { return {ok: response.ok, data: data}; });
        })
        .then(function (result) {
          if (result.ok) { if (box) { box.textContent = ""; } saved(form, article, result.data); }
          else if (box) {
            showErrors(box, result.data.errors);
            article.querySelector("details.item-more").open = true;
          }
        })
        .catch(function () {
          if (box) { box.textContent = t.offline; }
          // the offline layer (walk-offline.js), when present, keeps this save on the phone
          form.dispatchEvent(new CustomEvent("walk:unsent", {bubbles: true}));
        })
        .then(function () { button.disabled = false; });
    });
  });
})();
