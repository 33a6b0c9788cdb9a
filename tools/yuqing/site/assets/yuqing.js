/*
 * yuqing site scripts (vendored; no external code, no network).
 *
 * A table preceded by <div class="yq-filter" data-filters="列1,列2"></div> becomes
 * filterable (one drop-down per named column, plus a keyword box) and sortable (click
 * a column header). Filters can be preset from the address: ?级别=重大&年份=2025.
 * Zensical's search dialog speaks Chinese.
 */
(function () {
  "use strict";

  function text(cell) {
    return (cell ? cell.textContent || "" : "").replace(/\s+/g, " ").trim();
  }

  function tableAfter(marker) {
    var el = marker.nextElementSibling;
    if (!el) return null;
    if (el.tagName === "TABLE") return el;
    return el.querySelector ? el.querySelector("table") : null;
  }

  // Values with an order of their own: the plan's levels and the statuses, not their pinyin.
  var RANKS = { "一般": 1, "较大": 2, "重大": 3, "处置中": 1, "跟踪中": 2, "已办结": 3 };

  function compare(a, b) {
    var na = parseFloat(a.replace(/[%,]/g, "")), nb = parseFloat(b.replace(/[%,]/g, ""));
    var numeric = /^-?\d+(\.\d+)?%?$/;
    if (numeric.test(a) && numeric.test(b) && !isNaN(na) && !isNaN(nb)) return na - nb;
    if (RANKS[a] && RANKS[b]) return RANKS[a] - RANKS[b];
    return a.localeCompare(b, "zh-CN");
  }

  function makeSortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body) return;
    var ths = head.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, index) {
      th.classList.add("yq-sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader");
      th.title = "点击排序";
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c1 = r1.cells[index], c2 = r2.cells[index];
          var k1 = (c1 && c1.getAttribute("data-sort")) || text(c1);
          var k2 = (c2 && c2.getAttribute("data-sort")) || text(c2);
          var order = compare(k1, k2);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function makeFilterable(marker, table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body) return;
    var names = (marker.getAttribute("data-filters") || "").split(",").map(function (s) { return s.trim(); })
      .filter(Boolean);
    var headers = Array.prototype.map.call(head.rows[0].cells, text);
    var params = new URLSearchParams(window.location.search);
    var bar = document.createElement("form");
    bar.className = "yq-filterbar";
    bar.setAttribute("role", "search");
    bar.addEventListener("submit", function (event) { event.preventDefault(); });
    var selects = [];
    names.forEach(function (name) {
      var column = headers.indexOf(name);
      if (column < 0) return;
      var values = {};
      Array.prototype.forEach.call(body.rows, function (row) { values[text(row.cells[column])] = true; });
      var label = document.createElement("label");
      label.textContent = name + " ";
      var select = document.createElement("select");
      select.name = name;
      select.setAttribute("data-column", String(column));
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      select.appendChild(all);
      Object.keys(values).sort(compare).forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value || "（空）";
        select.appendChild(option);
      });
      if (params.has(name) && values[params.get(name)]) select.value = params.get(name);
      label.appendChild(select);
      bar.appendChild(label);
      selects.push(select);
    });
    var keywordLabel = document.createElement("label");
    keywordLabel.textContent = "关键词 ";
    var keyword = document.createElement("input");
    keyword.type = "search";
    keyword.name = "关键词";
    keyword.placeholder = "编号、标题…";
    keywordLabel.appendChild(keyword);
    bar.appendChild(keywordLabel);
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "清除筛选";
    bar.appendChild(reset);
    var count = document.createElement("span");
    count.className = "yq-filtercount";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);
    marker.appendChild(bar);

    function apply() {
      var shown = 0;
      var word = keyword.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        var visible = selects.every(function (select) {
          return !select.value || text(row.cells[Number(select.getAttribute("data-column"))]) === select.value;
        });
        if (visible && word) visible = text(row).toLowerCase().indexOf(word) >= 0;
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = "显示 " + shown + " / " + body.rows.length + " 条";
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    keyword.addEventListener("input", apply);
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      keyword.value = "";
      apply();
    });
    apply();
  }

  function init() {
    var markers = document.querySelectorAll(".yq-filter");
    Array.prototype.forEach.call(markers, function (marker) {
      if (marker.getAttribute("data-ready")) return;
      var table = tableAfter(marker);
      if (!table) return;
      marker.setAttribute("data-ready", "1");
      table.setAttribute("data-yq-table", "");  // not a class: Material styles only class-less tables
      makeSortable(table);
      makeFilterable(marker, table);
    });
  }

  // Zensical draws its search dialog in a shadow root with English words of its own (0.0.73 has no
  // translation for them); Material's search box is already Chinese. The words are put in Chinese
  // wherever the dialog shows them, and again whenever it redraws.
  var SEARCH_WORDS = {
    "Search": "搜索",
    "Close search": "关闭搜索",
    "Search results": "搜索结果",
    "Filters": "筛选",
    "Tags": "标签",
    "Loading search\u2026": "正在加载搜索……",
    "No results": "没有找到符合条件的结果",
    "Search is unavailable. Reload the page to try again.": "搜索暂不可用，请刷新页面再试。"
  };
  var RESULT_COUNT = /^([\d,]+) results?$/;

  function chinese(words) {
    var trimmed = words.trim();
    if (Object.prototype.hasOwnProperty.call(SEARCH_WORDS, trimmed)) return SEARCH_WORDS[trimmed];
    var count = RESULT_COUNT.exec(trimmed);
    return count ? "找到 " + count[1] + " 个结果" : null;
  }

  function translate(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var words = chinese(node.data);
      if (words !== null) node.data = words;
    }
    Array.prototype.forEach.call(root.querySelectorAll("[placeholder], [aria-label]"), function (el) {
      ["placeholder", "aria-label"].forEach(function (name) {
        var value = el.getAttribute(name);
        var words = value === null ? null : chinese(value);
        if (words !== null) el.setAttribute(name, words);
      });
    });
  }

  function watchSearchDialog() {
    if (!window.MutationObserver) return;
    var watched = [];
    function watch(root) {
      if (watched.indexOf(root) >= 0) return;
      watched.push(root);
      translate(root);
      new MutationObserver(function () { translate(root); }).observe(root, {
        childList: true, subtree: true, characterData: true, attributes: true,
        attributeFilter: ["placeholder", "aria-label"]
      });
    }
    function look() {  // the dialog's host is a child of <body> with an open shadow root
      Array.prototype.forEach.call(document.body.children, function (el) {
        if (el.shadowRoot) watch(el.shadowRoot);
      });
    }
    look();
    new MutationObserver(look).observe(document.body, { childList: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchSearchDialog);
  } else {
    watchSearchDialog();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
