// Questionnaire editor: the preview opens in a phone-wide window (360 px). Everything else
// is plain forms, so the editor works the same without this script.
(function () {
  var link = document.getElementById("preview-link");
  if (!link) return;
  link.addEventListener("click", function (event) {
    var win = window.open(link.href, "preview", "width=360,height=720,resizable=yes");
    if (win) { event.preventDefault(); win.focus(); }
  });
})();
