// The index page's findings and articles tables: filters, search, sorting, paging.
// Everything shown comes from the JSON block #report-data and is written with textContent
// (never as markup); links point only at anchors and pages the report itself wrote.
(function () {
  "use strict";
  if (window.performance && performance.mark) { performance.mark("report-script"); }
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 100;
  var SEVERITY = ["info", "warning", "error"];
  // field positions in data.articles and data.findings rows
  var A = {title: 0, outlet: 1, language: 2, published: 3, status: 4, href: 5, id: 6, path: 7};
  var F = {article: 0, check: 1, severity: 2, line: 3, excerpt: 4, message: 5, href: 6,
           suppressed: 7, side: 8};  // message: a position in data.messages
  var rank = new Array(data.articles.length);
  data.order.forEach(function (number, position) { rank[number] = position; });

  function $(id) { return document.getElementById(id); }
  function control(name) { return $("filter-" + name); }
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function link(href, text, title) {
    var node = element("a", text);
    node.setAttribute("href", href);
    if (title) { node.title = title; }
    return node;
  }
  function lower(value) { return String(value === null ? "" : value).toLowerCase(); }
  var articleKey = data.articles.map(function (a) {
    return lower(a[A.id] + "\u0000" + a[A.title] + "\u0000" + a[A.path]);
  });
  var byId = {};  // article id -> number: an id typed or chosen whole selects that article only
  data.articles.forEach(function (a, number) { byId["=" + a[A.id]] = number; });
  var findingKey = null;  // built on the first search
  function findingText(n) {
    if (findingKey === null) {
      findingKey = data.findings.map(function (f) {
        var check = data.checks[f[F.check]];
        var article = f[F.article] >= 0 ? articleKey[f[F.article]] : "";
        var message = data.messages[f[F.message]];
        return lower(check[0] + "\u0000" + f[F.excerpt] + "\u0000" + message) +
          "\u0000" + article;
      });
    }
    return findingKey[n];
  }

  function filters() {
    var number = function (name) {
      var value = control(name).value;
      return value === "" ? null : Number(value);
    };
    return {
      query: lower(control("search").value.trim()),
      check: number("check"), family: control("family").value, severity: number("severity"),
      outlet: number("outlet"), language: number("language"),
      article: lower(control("article").value.trim()), related: control("related").checked,
      exact: byId["=" + control("article").value.trim()]
    };
  }
  function findingFilterSet(f) {
    return f.check !== null || f.family !== "" || f.severity !== null || f.related;
  }
  function articleMatches(number, f) {
    if (number < 0) {
      return f.outlet === null && f.language === null && f.article === "";
    }
    var a = data.articles[number];
    return (f.outlet === null || a[A.outlet] === f.outlet) &&
      (f.language === null || a[A.language] === f.language) &&
      (f.exact !== undefined ? number === f.exact
        : f.article === "" || articleKey[number].indexOf(f.article) >= 0);
  }
  function findingMatches(n, f) {
    var row = data.findings[n];
    return (f.check === null || row[F.check] === f.check) &&
      (f.family === "" || data.checks[row[F.check]][1] === f.family) &&
      (f.severity === null || row[F.severity] === f.severity) &&
      (!f.related || row[F.side] !== "") &&
      articleMatches(row[F.article], f) &&
      (f.query === "" || findingText(n).indexOf(f.query) >= 0);
  }

  // -- one sortable, paged table -----------------------------------------------------------
  function Table(id, columns, defaultOrder, renderRow) {
    this.table = $(id);
    this.body = this.table.tBodies[0];
    this.more = $(id + "-more");
    this.status = $(id + "-status");
    this.columns = columns;
    this.defaultOrder = defaultOrder;
    this.renderRow = renderRow;
    this.rows = [];
    this.shown = 0;
    this.sortBy = null;
    this.descending = false;
    var self = this;
    Array.prototype.forEach.call(this.table.tHead.rows[0].cells, function (cell, i) {
      var button = cell.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        self.descending = self.sortBy === i ? !self.descending : columns[i].descending;
        self.sortBy = i;
        Array.prototype.forEach.call(self.table.tHead.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        cell.setAttribute("aria-sort", self.descending ? "descending" : "ascending");
        self.show(self.rows);
      });
    });
    this.more.addEventListener("click", function () { self.page(); });
  }
  Table.prototype.show = function (rows) {
    var self = this;
    if (this.sortBy !== null) {
      var key = this.columns[this.sortBy].key;
      var sign = this.descending ? -1 : 1;
      // each row's key computed once, not at every comparison
      rows = rows.map(function (row) { return [key(row), row]; }).sort(function (x, y) {
        if (x[0] < y[0]) { return -sign; }
        if (x[0] > y[0]) { return sign; }
        return self.defaultOrder(x[1], y[1]);
      }).map(function (pair) { return pair[1]; });
    } else {
      rows = rows.slice().sort(this.defaultOrder);
    }
    this.rows = rows;
    this.shown = 0;
    this.body.textContent = "";
    this.page();
  };
  Table.prototype.page = function () {
    var fragment = document.createDocumentFragment();
    var end = Math.min(this.rows.length, this.shown + PAGE);
    for (var i = this.shown; i < end; i++) { fragment.appendChild(this.renderRow(this.rows[i])); }
    this.body.appendChild(fragment);
    this.shown = end;
    this.more.hidden = end >= this.rows.length;
    this.status.textContent = "Showing " + end + " of " + this.rows.length + ".";
  };

  // -- findings ------------------------------------------------------------------------------
  function articleTitle(number) { return number < 0 ? "" : data.articles[number][A.title]; }
  function articleRank(number) { return number < 0 ? -1 : rank[number]; }
  var findingColumns = [
    {key: function (n) { return data.findings[n][F.severity]; }, descending: true},
    {key: function (n) { return data.checks[data.findings[n][F.check]][0]; }},
    {key: function (n) { return lower(articleTitle(data.findings[n][F.article])); }},
    {key: function (n) { return lower(outletOf(data.findings[n][F.article])); }},
    {key: function (n) { return lower(languageOf(data.findings[n][F.article])); }},
    {key: function (n) { return data.findings[n][F.line] || 0; }},
    {key: function (n) { return lower(data.findings[n][F.excerpt]); }},
    {key: function (n) { return lower(data.messages[data.findings[n][F.message]]); }}
  ];
  function findingOrder(x, y) {
    var a = data.findings[x], b = data.findings[y];
    return (b[F.severity] - a[F.severity]) ||
      (articleRank(a[F.article]) - articleRank(b[F.article])) || (x - y);
  }
  function outletOf(number) {
    var outlet = number < 0 ? -1 : data.articles[number][A.outlet];
    return outlet < 0 ? "" : data.outlets[outlet];
  }
  function languageOf(number) {
    var language = number < 0 ? -1 : data.articles[number][A.language];
    return language < 0 ? "" : data.languages[language];
  }
  function findingRow(n) {
    var row = data.findings[n];
    var tr = element("tr", null, "finding sev-" + SEVERITY[row[F.severity]] +
                     (row[F.suppressed] ? " suppressed" : ""));
    var severity = element("td");
    severity.appendChild(element("span", SEVERITY[row[F.severity]],
                                 "badge sev-" + SEVERITY[row[F.severity]]));
    tr.appendChild(severity);
    var check = data.checks[row[F.check]];
    var code = element("td");
    code.appendChild(link("#" + check[3], check[0], check[2]));
    tr.appendChild(code);
    var article = element("td");
    if (row[F.article] >= 0) {
      var a = data.articles[row[F.article]];
      article.appendChild(link(a[A.href], a[A.title], a[A.id]));
    } else {
      article.appendChild(element("span", "corpus-wide", "muted"));
    }
    tr.appendChild(article);
    tr.appendChild(element("td", outletOf(row[F.article])));
    tr.appendChild(element("td", languageOf(row[F.article])));
    tr.appendChild(element("td", row[F.line], "num"));
    var passage = element("td", null, "passage");
    if (row[F.href]) {
      passage.appendChild(link(row[F.href], row[F.excerpt] || "(in the text)",
                               "show it highlighted in the article"));
    } else {
      passage.appendChild(document.createTextNode(row[F.excerpt]));
    }
    if (row[F.side]) {
      passage.appendChild(document.createTextNode(" "));
      passage.appendChild(link(row[F.side], "↔ side by side",
                               "both passages, with their articles"));
    }
    tr.appendChild(passage);
    var message = element("td", data.messages[row[F.message]], "message");
    if (row[F.suppressed]) {
      message.appendChild(document.createTextNode(" "));
      message.appendChild(element("span", "suppressed: " + row[F.suppressed],
                                  "badge suppressed"));
    }
    tr.appendChild(message);
    return tr;
  }

  // -- articles -------------------------------------------------------------------------------
  var articleCounts = null;  // [errors, warnings, infos] per article under the filters
  var articleColumns = [
    {key: function (n) { return lower(data.articles[n][A.title]); }},
    {key: function (n) { return lower(outletOf(n)); }},
    {key: function (n) { return lower(languageOf(n)); }},
    {key: function (n) { return data.articles[n][A.published]; }},
    {key: function (n) { return data.articles[n][A.status]; }},
    {key: function (n) { return articleCounts[n][0]; }, descending: true},
    {key: function (n) { return articleCounts[n][1]; }, descending: true},
    {key: function (n) { return articleCounts[n][2]; }, descending: true}
  ];
  function articleOrder(x, y) {
    var a = articleCounts[x], b = articleCounts[y];
    return (b[0] - a[0]) || (b[1] - a[1]) || (b[2] - a[2]) || (rank[x] - rank[y]);
  }
  function articleRow(n) {
    var a = data.articles[n];
    var tr = element("tr");
    var title = element("td");
    title.appendChild(link(a[A.href], a[A.title], a[A.id]));
    var only = element("button", "its findings", "only");
    only.type = "button";
    only.addEventListener("click", function () {
      control("article").value = a[A.id];
      update();
      $("findings").scrollIntoView();
    });
    title.appendChild(document.createTextNode(" "));
    title.appendChild(only);
    tr.appendChild(title);
    tr.appendChild(element("td", outletOf(n)));
    tr.appendChild(element("td", languageOf(n)));
    tr.appendChild(element("td", a[A.published]));
    tr.appendChild(element("td", a[A.status]));
    articleCounts[n].forEach(function (count) { tr.appendChild(element("td", count, "num")); });
    return tr;
  }

  // -- the filters in the URL ----------------------------------------------------------------
  // The fragment holds the filters set, by name (#q=vertrag&check=TMP001&severity=warning),
  // so a filtered view can be shared and survives a reload; the report's own anchors
  // (#finding-2) never hold "=". A value read from the URL only chooses among the options the
  // report offers, or fills a text field's value: it is never written as markup.
  var URL_FILTERS = [  // [name in the URL, control, the names of a select's options by value]
    ["q", "search", null],
    ["check", "check", data.checks.map(function (check) { return check[0]; })],
    ["family", "family", null], ["severity", "severity", SEVERITY], ["article", "article", null],
    ["outlet", "outlet", data.outlets], ["language", "language", data.languages]
  ];
  function filtersInUrl() {
    var hash = location.hash.slice(1);
    return hash.indexOf("=") >= 0 ? new URLSearchParams(hash) : null;
  }
  function restoreFilters(params) {
    URL_FILTERS.forEach(function (entry) {
      var input = control(entry[1]);
      var value = params.get(entry[0]) || "";
      if (entry[2]) {
        var index = entry[2].indexOf(value);
        value = index < 0 ? "" : String(index);
      }
      input.value = value;
      if (input.value !== value) { input.value = ""; }  // a select offers no such option
    });
    control("related").checked = params.get("related") === "1";
  }
  function rememberFilters() {
    var params = new URLSearchParams();
    URL_FILTERS.forEach(function (entry) {
      var value = control(entry[1]).value;
      if (value !== "") { params.set(entry[0], entry[2] ? entry[2][Number(value)] : value); }
    });
    if (control("related").checked) { params.set("related", "1"); }
    var state = params.toString();
    if (state === "" && !filtersInUrl()) { return; }  // keep an anchor such as #finding-2
    // replaced, not pushed: typing a search is not a step back through history
    history.replaceState(null, "", location.href.split("#")[0] + (state ? "#" + state : ""));
  }

  var findingsTable = new Table("findings-table", findingColumns, findingOrder, findingRow);
  var suppressedTable = $("suppressed-table") &&
    new Table("suppressed-table", findingColumns, findingOrder, findingRow);
  var articlesTable = new Table("articles-table", articleColumns, articleOrder, articleRow);

  function update() {
    var f = filters();
    var active = [], suppressed = [];
    articleCounts = data.articles.map(function () { return [0, 0, 0]; });
    for (var n = 0; n < data.findings.length; n++) {
      if (!findingMatches(n, f)) { continue; }
      var row = data.findings[n];
      if (row[F.suppressed]) {
        suppressed.push(n);
      } else {
        active.push(n);
        if (row[F.article] >= 0) { articleCounts[row[F.article]][2 - row[F.severity]] += 1; }
      }
    }
    findingsTable.show(active);
    if (suppressedTable) { suppressedTable.show(suppressed); }
    var narrowed = findingFilterSet(f) || f.query !== "";
    var articles = [];
    for (var number = 0; number < data.articles.length; number++) {
      var counts = articleCounts[number];
      var found = counts[0] + counts[1] + counts[2] > 0;
      var titled = f.query === "" || articleKey[number].indexOf(f.query) >= 0;
      if (articleMatches(number, f) && (!narrowed || found || (!findingFilterSet(f) && titled))) {
        articles.push(number);
      }
    }
    articlesTable.show(articles);
    rememberFilters();
  }

  var form = $("filters");
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  Array.prototype.forEach.call(document.querySelectorAll("[data-check]"), function (button) {
    button.addEventListener("click", function () {
      control("check").value = button.getAttribute("data-check");
      update();
      $("findings").scrollIntoView();
    });
  });
  window.addEventListener("hashchange", function () {
    var params = filtersInUrl();
    if (params) { restoreFilters(params); update(); }
  });
  if (filtersInUrl()) { restoreFilters(filtersInUrl()); }
  update();
  document.body.setAttribute("data-ready", "true");
  if (window.performance && performance.mark) { performance.mark("report-ready"); }
}());
