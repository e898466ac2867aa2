
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
  var texts = [];
  var claims = 0, findings = 0;
  items.forEach(function (item) { if (item.getAttribute("data-filter") === "claim") { claims++; } else { findings++; } });
  function words(value) { return " " + (value || "") + " "; }
  function count(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function ticked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"), function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function text(index) {
    if (texts[index] === undefined) { texts[index] = items[index].textContent.toLowerCase(); }
    return texts[index];
  }
  function apply() {
    var standings = ticked("standing"), severities = ticked("severity");
    var rule = form.elements.rule.value, file = form.elements.file.value;
    var query = form.elements.q.value.trim().toLowerCase();
    var shownClaims = 0, shownFindings = 0;
    items.forEach(function (item, index) {
      var claim = item.getAttribute("data-filter") === "claim";
      var show = claim ? standings[item.getAttribute("data-standing")] : severities[item.getAttribute("data-severity")];
      if (show && rule) { show = words(item.getAttribute("data-rules")).indexOf(" " + rule + " ") >= 0; }
      if (show && file) { show = words(item.getAttribute("data-files")).indexOf(" " + file + " ") >= 0; }
      if (show && query) { show = text(index).indexOf(query) >= 0; }
      item.hidden = !show;
      if (show) { if (claim) { shownClaims++; } else { shownFindings++; } }
    });
    groups.forEach(function (group) {
      var listed = group.querySelector("[data-filter]");
      group.hidden = (file !== "" && group.getAttribute("data-group") !== file) ||
        (listed !== null && !group.querySelector("[data-filter]:not([hidden])"));
    });
    form.elements.shown.value = "Showing " + shownClaims + " of " + count(claims, "claim") + ", " +
      shownFindings + " of " + count(findings, "finding");
  }
  form.elements.shown.value = count(claims, "claim") + ", " + count(findings, "finding");
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
}());
