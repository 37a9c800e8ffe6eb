// The registration form: show the exemplar section only for exemplars, warn about files over 10 MB before upload.
document.addEventListener("DOMContentLoaded", function () {
  var kind = document.querySelector("[data-kind-select]");
  var personSection = document.querySelector("[data-exemplar-only]");
  function showPerson() {
    if (kind && personSection) { personSection.hidden = kind.value !== "exemplar"; }
  }
  if (kind) { kind.addEventListener("change", showPerson); showPerson(); }

  var warning = document.getElementById("file-size-warning");
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var limit = parseInt(input.dataset.maxBytes, 10);
      var tooBig = Array.prototype.filter.call(input.files, function (file) { return file.size > limit; });
      if (!warning) { return; }
      warning.textContent = tooBig.length ? warning.dataset.message + " " + tooBig.map(function (f) { return f.name; }).join(", ") : "";
      warning.classList.toggle("d-none", tooBig.length === 0);
    });
  });
});
