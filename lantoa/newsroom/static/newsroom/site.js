/* Lantoa public site: keyboard-accessible lightbox and congress countdown.
   Everything works without JavaScript: photos are plain links, the countdown
   is rendered by the server. */
(function () {
  "use strict";

  function setupLightbox() {
    var dialog = document.getElementById("lightbox");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var img = dialog.querySelector(".lightbox__img");
    var caption = dialog.querySelector(".lightbox__caption");
    var count = dialog.querySelector(".lightbox__count");
    var links = [];
    var index = 0;
    var opener = null;

    function show(i) {
      index = (i + links.length) % links.length;
      var link = links[index];
      var thumb = link.querySelector("img");
      img.src = link.getAttribute("href");
      img.alt = thumb ? thumb.alt : "";
      var text = link.dataset.caption || "";
      if (link.dataset.credit) text += (text ? " — " : "") + link.dataset.credit;
      caption.textContent = text;
      count.textContent = (dialog.dataset.photoWord || "Ảnh") + " " + (index + 1) + "/" + links.length;
    }

    document.querySelectorAll("[data-lightbox-group]").forEach(function (group) {
      var groupLinks = Array.prototype.slice.call(group.querySelectorAll("a[data-lightbox]"));
      groupLinks.forEach(function (link, i) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          links = groupLinks;
          opener = link;
          show(i);
          dialog.showModal();
          dialog.querySelector(".lightbox__close").focus();
        });
      });
    });
    dialog.querySelector(".lightbox__prev").addEventListener("click", function () { show(index - 1); });
    dialog.querySelector(".lightbox__next").addEventListener("click", function () { show(index + 1); });
    dialog.querySelector(".lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { event.preventDefault(); show(index - 1); }
      if (event.key === "ArrowRight") { event.preventDefault(); show(index + 1); }
    });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  }

  function setupCountdown() {
    document.querySelectorAll("[data-countdown]").forEach(function (box) {
      var target = new Date(box.dataset.countdown).getTime();
      var days = box.querySelector(".countdown__days");
      var rest = box.querySelector(".countdown__rest");
      if (!days || isNaN(target)) return;
      function tick() {
        var left = Math.max(0, target - Date.now());
        var d = Math.floor(left / 86400000);
        var h = Math.floor((left % 86400000) / 3600000);
        var m = Math.floor((left % 3600000) / 60000);
        days.textContent = d;
        if (rest) {
          rest.textContent = h + " " + (box.dataset.hoursWord || "giờ") + " " +
            m + " " + (box.dataset.minutesWord || "phút");
        }
      }
      tick();
      setInterval(tick, 30000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupLightbox();
    setupCountdown();
  });
})();
