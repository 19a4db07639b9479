// Wagtail's tag field hides the labelled <input> and shows tag-it's own text box
// in its place, which has no label (axe: critical): give that box the label of
// the field it stands for. Tag fields appear after load too (Stimulus, panels).
(function () {
  "use strict";

  function labelTagBoxes() {
    document.querySelectorAll('input[data-controller="w-tag"]').forEach(function (source) {
      var holder = source.parentElement;
      var box = holder && holder.querySelector("ul.tagit input[type=text]");
      if (!box || box.hasAttribute("aria-label")) {
        return;
      }
      var label = source.id ? document.querySelector('label[for="' + source.id + '"]') : null;
      var text = label ? label.textContent.replace(/\s+/g, " ").trim() : "";
      box.setAttribute("aria-label", text || source.getAttribute("name") || "");
    });
  }

  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        labelTagBoxes();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelTagBoxes();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();
