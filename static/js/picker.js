// Type-ahead pickers (danvan/pickers.py): htmx fills the list of matches; this keeps the chosen id and lets the
// keyboard move through the matches (Down, Up, Enter, Escape).
(function () {
  function parts(element) {
    var picker = element.closest("[data-picker]");
    return picker && {
      picker: picker,
      value: picker.querySelector("[data-picker-value]"),
      search: picker.querySelector("[data-picker-search]"),
      list: picker.querySelector("[role=listbox]"),
    };
  }
  function close(p) { p.list.innerHTML = ""; p.search.setAttribute("aria-expanded", "false"); }
  function choose(p, option) {
    if (!option.dataset.value) { return; }
    p.value.value = option.dataset.value;
    p.search.value = option.textContent.trim();
    close(p);
    p.search.focus();
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function options(p) { return Array.prototype.slice.call(p.list.querySelectorAll("[data-value]")); }
  // Focusing a picker that holds a choice does not open the matches again (typing does).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var p = parts(event.target), config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (p && p.value.value && trigger && trigger.type === "focus") { event.preventDefault(); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.target);
    if (p) { p.search.setAttribute("aria-expanded", options(p).length ? "true" : "false"); }
  });
  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-picker-search]")) { return; }
    parts(event.target).value.value = "";  // typed text is not a choice until a match is picked
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest("[data-picker] [data-value]");
    if (option) { choose(parts(option), option); return; }
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      if (!picker.contains(event.target)) { close(parts(picker)); }
    });
  });
  document.addEventListener("keydown", function (event) {
    var p = parts(event.target);
    if (!p || !p.list.contains(event.target) && event.target !== p.search) { return; }
    var all = options(p), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) { event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
    else if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); (at === 0 ? p.search : all[at - 1]).focus(); }
    else if (event.key === "Enter" && at >= 0) { event.preventDefault(); choose(p, all[at]); }
    else if (event.key === "Escape") { close(p); p.search.focus(); }
  });
})();
