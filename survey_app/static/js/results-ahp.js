// AHP form: recompute weights (principal eigenvector by power iteration) and CR as the user
// chooses; the server recomputes authoritatively on submit. The page works without this script.
(function () {
  "use strict";
  var form = document.getElementById("ahp-form");
  if (!form) return;
  var RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];  // Saaty (1980)
  var n = JSON.parse(form.dataset.labels).length;
  var live = document.getElementById("ahp-live");

  function value(text) {
    if (text.indexOf("1/") === 0) return 1 / parseFloat(text.slice(2));
    return parseFloat(text);
  }

  function matrix() {
    var a = [], i, j;
    for (i = 0; i < n; i++) { a.push([]); for (j = 0; j < n; j++) a[i].push(1); }
    form.querySelectorAll(".pair").forEach(function (pair) {
      var i = +pair.dataset.i, j = +pair.dataset.j, v = value(pair.querySelector("select").value);
      a[i][j] = v; a[j][i] = 1 / v;
    });
    return a;
  }

  function eigen(a) {
    var w = [], i, j, k, next, sum, lambda = 0;
    for (i = 0; i < n; i++) w.push(1 / n);
    for (k = 0; k < 200; k++) {
      next = []; sum = 0;
      for (i = 0; i < n; i++) { next.push(0); for (j = 0; j < n; j++) next[i] += a[i][j] * w[j]; sum += next[i]; }
      for (i = 0; i < n; i++) next[i] /= sum;
      w = next;
    }
    for (i = 0; i < n; i++) { var aw = 0; for (j = 0; j < n; j++) aw += a[i][j] * w[j]; lambda += aw / w[i] / n; }
    return {w: w, lambda: lambda};
  }

  function update() {
    var a = matrix(), e = eigen(a), i, j;
    var cr = n > 2 ? Math.max(0, (e.lambda - n) / (n - 1)) / RI[n - 1] : 0;
    for (i = 0; i < n; i++) form.querySelector('[data-weight="' + i + '"]').textContent = (100 * e.w[i]).toFixed(1) + "%";
    document.getElementById("ahp-cr").textContent = cr.toFixed(3);
    var verdict = document.getElementById("ahp-verdict");
    verdict.textContent = cr < 0.1 ? form.dataset.textOk : form.dataset.textBad;
    verdict.className = cr < 0.1 ? "cr-ok" : "cr-bad";
    if (serverPair) return;  // the pair the server's message names stays outlined
    var worst = null, worstDev = 0;
    form.querySelectorAll(".pair").forEach(function (pair) {
      pair.classList.remove("bad-pair");
      i = +pair.dataset.i; j = +pair.dataset.j;
      var r = a[i][j] * e.w[j] / e.w[i], dev = Math.max(r, 1 / r);
      // rounded like the server, so that tied pairs (a pure cycle) resolve to the first
      dev = Math.round(dev * 1e6) / 1e6;
      if (dev > worstDev) { worstDev = dev; worst = pair; }
    });
    if (cr >= 0.1 && worst) worst.classList.add("bad-pair");
  }

  // after a refusal the server outlined the pair it names; keep it until the user changes one
  var serverPair = form.dataset.badI !== undefined;
  live.hidden = false;
  form.addEventListener("change", function () {
    serverPair = false;
    var preview = document.getElementById("weights-preview");
    if (preview) preview.hidden = true;  // it showed other judgements
    update();
  });
  update();
})();
