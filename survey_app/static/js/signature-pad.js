/* A handwritten signature on a <canvas>: pointer events (touch and mouse fallbacks for old
   WebViews), sent as a PNG data URL in the form's hidden field. No inline handlers (CSP). */
(function () {
  "use strict";
  var canvas = document.getElementById("signature-canvas");
  if (!canvas) { return; }
  var field = document.getElementById(canvas.getAttribute("data-field"));
  var form = document.getElementById("sign-form");
  var ctx = canvas.getContext("2d");
  var last = null;
  var drawn = false;

  function setUp() {
    var ratio = Math.min(window.devicePixelRatio || 1, 3);
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    drawn = false;
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    var source = event.touches ? event.touches[0] : event;
    return { x: source.clientX - box.left, y: source.clientY - box.top };
  }

  function start(event) {
    event.preventDefault();
    last = point(event);
    ctx.beginPath();
    ctx.arc(last.x, last.y, 1, 0, 2 * Math.PI);
    ctx.fillStyle = "#111";
    ctx.fill();
    drawn = true;
  }

  function move(event) {
    if (!last) { return; }
    event.preventDefault();
    var next = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    last = next;
  }

  function end() { last = null; }

  if (window.PointerEvent) {
    canvas.addEventListener("pointerdown", function (event) {
      if (canvas.setPointerCapture) { canvas.setPointerCapture(event.pointerId); }
      start(event);
    });
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  } else {
    canvas.addEventListener("touchstart", start, { passive: false });
    canvas.addEventListener("touchmove", move, { passive: false });
    canvas.addEventListener("touchend", end);
    canvas.addEventListener("mousedown", start);
    canvas.addEventListener("mousemove", move);
    window.addEventListener("mouseup", end);
  }

  document.getElementById("signature-clear").addEventListener("click", function () {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  });

  form.addEventListener("submit", function () {
    // an empty canvas sends nothing: the server answers "draw your signature"
    field.value = drawn ? canvas.toDataURL("image/png") : "";
  });

  setUp();
}());
