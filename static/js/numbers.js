// Figures typed the Vietnamese way: 3450000000 becomes 3.450.000.000 when the field loses focus, 3,5 stays 3,5.
// The server reads both the grouped and the bare form (danvan/numbers.py); this only shows the grouping.
(function () {
  "use strict";

  function group(digits) {
    return digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function regroup(text, decimals) {
    var value = text.replace(/[\s\u00a0\u202f]/g, "");
    var parts = value.split(",");
    if (parts.length > 2 || (parts.length === 2 && !decimals)) { return text; }
    var whole = parts[0];
    if (!/^\d{1,3}(\.\d{3})*$/.test(whole) && !/^\d+$/.test(whole)) { return text; }
    if (parts.length === 2 && !/^\d*$/.test(parts[1])) { return text; }
    whole = group(whole.replace(/\./g, ""));
    return parts.length === 2 && parts[1] ? whole + "," + parts[1] : whole;
  }

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.number || !input.value) { return; }
    input.value = regroup(input.value, input.dataset.number === "decimal");
  });
})();
