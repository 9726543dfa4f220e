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

  // Pages of articles after the first are kept gzip-compressed in the file: written in when first needed.
  var opening = {};

  function unpack(number) {
    var holder = document.getElementById("pack-" + number);
    if (!holder) { return Promise.resolve(); }
    if (opening[number]) { return opening[number]; }
    var text = atob(holder.textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    opening[number] = new Response(stream).text().then(function (html) {
      var page = document.createElement("div");
      page.className = "page";
      page.id = "page-" + number;
      page.innerHTML = html;
      holder.parentNode.replaceChild(page, holder);
      apply();
    });
    return opening[number];
  }

  function open(id) {
    var row = body.querySelector("tr[data-article='" + id + "']");
    if (!row || document.getElementById(id)) { return; }
    unpack(row.getAttribute("data-page")).then(function () {
      var section = document.getElementById(id);
      if (section) {
        if (location.hash !== "#" + id) { location.hash = id; } else { section.scrollIntoView(); }
      }
    });
  }

  body.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#article-']") : null;
    if (link && !document.getElementById(link.getAttribute("href").slice(1))) {
      event.preventDefault();
      open(link.getAttribute("href").slice(1));
    }
  });
  window.addEventListener("hashchange", function () { open(location.hash.slice(1)); });
  if (location.hash) { open(location.hash.slice(1)); }

  var pager = document.getElementById("pages");
  if (pager) {
    pager.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-page]") : null;
      if (!button) { return; }
      var wanted = button.getAttribute("data-page");
      var numbers = wanted === "all" ? Array.prototype.map.call(document.querySelectorAll("script.packed"),
        function (el) { return el.getAttribute("data-page"); }) : [wanted];
      Promise.all(numbers.map(unpack)).then(function () {
        var page = document.getElementById("page-" + numbers[0]);
        var first = page ? page.querySelector("article") : null;
        if (first) { location.hash = first.id; }
      });
    });
  }
}());
