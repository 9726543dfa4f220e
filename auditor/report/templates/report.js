(function () {
  "use strict";
  var table = document.getElementById("index");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  function key(row, column, type) {
    var cell = row.cells[column];
    // an article by its title (not the address below it); a count by its number
    var value = cell.getAttribute("data-sort") || (cell.querySelector("a") || cell).textContent.trim();
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

  // until a filter is first set, every row and article is shown: nothing to look up (5,000 rows cost half a second)
  var everFiltered = false;

  function apply() {
    var shown = 0;
    everFiltered = everFiltered || onlyProblems.checked || !!outlet.value || !!verdict.value;
    rows.forEach(function (row) {
      var visible = (!onlyProblems.checked || row.getAttribute("data-problems") !== "0") &&
        (!outlet.value || row.getAttribute("data-outlets").indexOf("|" + outlet.value + "|") >= 0) &&
        (!verdict.value || row.getAttribute("data-verdicts").indexOf("|" + verdict.value + "|") >= 0);
      if (everFiltered) {
        row.hidden = !visible;
        var section = document.getElementById(row.getAttribute("data-article"));
        if (section) { section.hidden = !visible; }
      }
      if (visible) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " articles shown";
  }

  [onlyProblems, outlet, verdict].forEach(function (control) { control.addEventListener("change", apply); });
  document.getElementById("filters").hidden = false;
  apply();

  // Pages of articles after the first are kept gzip-compressed in the file: written in when first needed.
  var opening = {};
  var canUnpack = typeof DecompressionStream === "function" && typeof Blob === "function" && !!Blob.prototype.stream;

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

  function say(message) { status.textContent = message; }

  function show(section) {
    if (location.hash !== "#" + section.id) { history.pushState(null, "", "#" + section.id); }
    section.scrollIntoView();
  }

  function rowOf(id) {
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].getAttribute("data-article") === id) { return rows[i]; }
    }
    return null;
  }

  function open(id) {
    var row = rowOf(id);
    if (!row || document.getElementById(id)) { return; }
    if (!canUnpack) { say("This browser cannot open the compressed pages of this report; the Markdown report lists every article."); return; }
    unpack(row.getAttribute("data-page")).then(function () {
      var section = document.getElementById(id);
      if (!section) { return; }
      if (section.hidden) { say("That article is hidden by the filters above; clear them to read it."); return; }
      show(section);
    }, function (error) { say("The article could not be opened: " + error); });
  }

  body.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#article-']") : null;
    if (link && !document.getElementById(link.getAttribute("href").slice(1))) {
      event.preventDefault();
      open(link.getAttribute("href").slice(1));
    }
  });
  function fromHash() { if (location.hash.length > 1) { open(decodeURIComponent(location.hash.slice(1))); } }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  var pager = document.getElementById("pages");
  if (pager) {
    pager.hidden = false;
    pager.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-page]") : null;
      if (!button) { return; }
      if (!canUnpack) { say("This browser cannot open the compressed pages of this report; the Markdown report lists every article."); return; }
      var wanted = button.getAttribute("data-page");
      var numbers = wanted === "all" ? Array.prototype.map.call(pager.querySelectorAll("button[data-page]"),
        function (el) { return el.getAttribute("data-page"); }).filter(function (n) { return n !== "all"; }) : [wanted];
      Promise.all(numbers.map(unpack)).then(function () {
        // the first article the filters let through, in the pages asked for
        for (var i = 0; i < numbers.length; i += 1) {
          var page = document.getElementById("page-" + numbers[i]);
          var sections = page ? page.querySelectorAll("article") : [];
          for (var j = 0; j < sections.length; j += 1) {
            if (!sections[j].hidden) { show(sections[j]); return; }
          }
        }
        say("No article on " + (wanted === "all" ? "those pages" : "that page") + " matches the filters above.");
      }, function (error) { say("The page could not be opened: " + error); });
    });
  }

  // the sticky header's height, whatever it wraps to: a jump lands below it
  var top = document.querySelector("header.top");
  function clearHeader() { document.documentElement.style.scrollPaddingTop = (top ? top.offsetHeight + 8 : 0) + "px"; }
  document.documentElement.className += " js";
  clearHeader();
  window.addEventListener("resize", clearHeader);
}());
