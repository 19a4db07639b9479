// Share buttons of a kit: no request leaves for another site from this page.
// Copy puts the personal link on the clipboard; Zalo opens the phone's share
// sheet (Zalo has no share page without its own script). Both tell Lantoa
// that the member shared (one POST to our own address), then stay here.
(function () {
  "use strict";
  function record(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
  }
  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text);
    }
    var input = document.createElement("textarea");
    input.value = text;
    document.body.appendChild(input);
    input.select();
    document.execCommand("copy");
    input.remove();
    return Promise.resolve();
  }
  function done(form, message) {
    var button = form.querySelector("button");
    button.textContent = message;
    form.closest(".adv-card").classList.add("adv-shared");
  }
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form.adv-share");
    if (!form) return;
    var network = form.dataset.network;
    if (network !== "copy" && network !== "zalo") return; // plain links to the network
    event.preventDefault();
    var url = form.dataset.url;
    if (network === "zalo" && navigator.share) {
      navigator
        .share({ text: form.dataset.text, url: url })
        .then(function () { return record(form); })
        .then(function () { done(form, "Đã chia sẻ"); })
        .catch(function () {});
      return;
    }
    copy(url)
      .then(function () { return record(form); })
      .then(function () { done(form, "Đã sao chép liên kết"); });
  });
})();
