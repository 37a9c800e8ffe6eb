// Import and export pages: progress polling (survives reloads: the server keeps the state) and the confirm switch.
(function () {
  "use strict";

  function setBar(box, data) {
    var bar = box.querySelector("[data-progress-bar]");
    var percent = Math.max(0, Math.min(100, data.percent || 0));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    box.querySelector(".progress").setAttribute("aria-valuenow", String(percent));
    var label = box.querySelector("[data-progress-label]");
    if (label && data.label) { label.textContent = data.label; }
    var count = box.querySelector("[data-progress-count]");
    if (count && typeof data.processed === "number") {
      count.textContent = count.textContent.replace(/^[\d.]+/, data.processed.toLocaleString("vi-VN"));
    }
  }

  function poll(box) {
    var url = box.dataset.progressUrl;
    var delay = 1000;
    function tick() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) {
          setBar(box, data);
          if (data.running) {
            delay = Math.min(delay * 1.2, 5000);
            window.setTimeout(tick, delay);
          } else {
            window.location.assign(data.url);
          }
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-bar]").forEach(function (bar) {
      bar.style.width = (parseInt(bar.dataset.percent, 10) || 0) + "%";
    });
    document.querySelectorAll("[data-progress-url]").forEach(function (box) {
      if (box.dataset.progressRunning === "1") { poll(box); }
    });
    document.querySelectorAll("input[data-enables]").forEach(function (box) {
      var target = document.getElementById(box.dataset.enables);
      if (!target) { return; }
      var sync = function () { target.disabled = !box.checked; };
      box.addEventListener("change", sync);
      sync();
    });
  });
})();
