(function () {
  "use strict";
  var table = document.getElementById("index");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  function key(row, column, type) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-sort") || cell.textContent.trim();
    return type === "number" ? parseFloat(value) || 0 : value.toLowerCase();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var type = th.getAttribute("data-type");
      // counts sort the most first on the first click (the articles with problems), words A to Z
      var current = th.getAttribute("aria-sort");
      var ascending = current ? current !== "ascending" : type !== "number";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, column, type), y = key(b, column, type);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  var onlyProblems = document.getElementById("only-problems");
  var outlet = document.getElementById("outlet-filter");
  var verdict = document.getElementById("verdict-filter");
  var status = document.getElementById("filter-status");

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!onlyProblems.checked || row.getAttribute("data-problems") !== "0") &&
        (!outlet.value || row.getAttribute("data-outlets").indexOf("|" + outlet.value + "|") >= 0) &&
        (!verdict.value || row.getAttribute("data-verdicts").indexOf("|" + verdict.value + "|") >= 0);
      row.hidden = !visible;
      var section = document.getElementById(row.getAttribute("data-article"));
      if (section) { section.hidden = !visible; }
      if (visible) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " articles shown";
  }

  [onlyProblems, outlet, verdict].forEach(function (control) { control.addEventListener("change", apply); });
  document.getElementById("filters").hidden = false;
  apply();
}());
