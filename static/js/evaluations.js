// The scoring form: a live total while typing (the saved total is always recomputed by the server).
document.addEventListener("DOMContentLoaded", function () {
  var output = document.getElementById("score-total");
  var inputs = document.querySelectorAll("#score-form .points-input");
  if (!output || !inputs.length) { return; }
  function parse(text) {
    text = text.trim();
    // 7,5 the Vietnamese way; 7.5 is accepted too, as the server accepts it.
    if (text.indexOf(",") >= 0) { text = text.replace(/\./g, "").replace(",", "."); }
    var value = parseFloat(text);
    return isNaN(value) ? null : value;
  }
  function update() {
    var total = 0, scored = 0;
    inputs.forEach(function (input) {
      var value = parse(input.value);
      if (value !== null) { total += value; scored += 1; }
    });
    output.textContent = scored ? (Math.round(total * 100) / 100).toString().replace(".", ",") : "";
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
});
