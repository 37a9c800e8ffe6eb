// Revoke form: the replacing decision's fields show only when "record a replacing decision" is ticked.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("revoke-form");
  if (!form) { return; }
  var replace = form.querySelector("input[name=replace]");
  if (!replace) { return; }
  var names = ["level", "decision_no", "decided_on", "signer", "file"];
  function toggle() {
    names.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) { field.closest(".mb-3").hidden = !replace.checked; }
    });
  }
  replace.addEventListener("change", toggle);
  toggle();
});

// Print buttons (the certificate).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
