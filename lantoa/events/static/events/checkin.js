// The check-in screen: scan the member's QR with the phone's camera where the
// browser can read barcodes (BarcodeDetector); elsewhere the field takes the
// code typed or pasted (a hand scanner types it too).
(function () {
  "use strict";
  var form = document.querySelector(".events-checkin-form");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var button = form.querySelector(".events-scan");
  var video = form.querySelector(".events-camera");
  var field = form.querySelector("input[name=code]");
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var tick = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              field.value = codes[0].rawValue;
              form.submit();
            } else {
              window.requestAnimationFrame(tick);
            }
          }, function () { window.requestAnimationFrame(tick); });
        };
        tick();
      })
      .catch(function () { button.hidden = true; });
  });
})();
