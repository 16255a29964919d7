// The search page: one small UI over a search backend. Every value a backend returns
// (titles, sections, filter names and values, excerpts) is drawn with DOM APIs as
// text, never as HTML: article text is untrusted.
//
// A backend is an object with
//   search(query, filters, options) -> Promise<{total, results, filters}>
//     query:   the words as typed ("" for none; a final space may mark a finished word)
//     filters: {group: [values]}, e.g. {tags: ["Airstrikes"]}; values of one group
//              are alternatives, groups narrow each other
//     options: {sort: "" (relevance) | "newest" | "oldest", limit: how many results}
//     total:   how many articles match
//     results: at most `limit` of {url (relative to the site root), title, section,
//              date (ISO 8601 or null), excerpt: [[text, isHighlight], ...]}
//     filters: {group: {value: count}} for the groups the page lists in data-groups
//              (section, tags and each entity kind)
//   sorts:   true when the backend honours options.sort (else the sort is not offered)
// Backends: Pagefind over http(s); over file:// (or for a site built with --no-search)
// window.SiteSearchOffline, defined by assets/search-offline.js, loaded before this
// script (a backend, or a function ({root}) returning one or a promise of one).
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  // The filter groups, [key, label] pairs in display order, from the kinds table (data-groups).
  var GROUPS = JSON.parse(box.getAttribute("data-groups") || "[]");
  var PAGE = 20;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  // The page's words in the site's language, from the theme's string table as JSON
  // (#search-words, see pages/search.py): "{query}", "{count}" and "{error}" mark where a
  // value goes, and a count's words come in each plural form the language has. English
  // stands in for a word the page lacks.
  var WORDS = {
    language: "en", form: "Articles", label: "Search articles", sort: "Sort by", relevance: "Relevance",
    newest: "Newest first", oldest: "Oldest first", more: "Show more results", filters: "Filters",
    find: "Find a name\u2026", chosen: {other: "{count} chosen"}, nothing: "No stories mention {query}.",
    results: {one: "{count} result", other: "{count} results"},
    results_for: {one: "{count} result for {query}", other: "{count} results for {query}"},
    failed: "Search is not available: {error}", closest: "Closest names:", date: "d MMMM y",
    months: {MMMM: ["January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"]}
  };
  try {
    var given = JSON.parse((document.getElementById("search-words") || {}).textContent || "{}");
    Object.keys(WORDS).forEach(function (name) {
      if (given && typeof given[name] === typeof WORDS[name] && given[name] !== null) WORDS[name] = given[name];
    });
  } catch (e) { /* the English above */ }
  var rules = null;
  try { rules = new Intl.PluralRules(WORDS.language); } catch (e) { rules = null; }
  var TOP = 8;  // values a filter group shows before its find box narrows the rest
  var masthead = document.getElementById("site-search");
  if (masthead) masthead.value = query;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function siteUrl(path) {
    return new URL(root + path, window.location.href).href;
  }

  // A result URL relative to the site root; "" for anything else (a scheme, "//host").
  function sitePath(url) {
    url = String(url || "").replace(/^\/+/, "");
    return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.charAt(0) === "\\" ? "" : url;
  }

  function isoDate(value) {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value : null;
  }

  // A word with its values put in, in one pass: a query holding "{count}" stays as typed.
  function fill(text, values) {
    return String(text).replace(/\{(query|count|error)\}/g, function (mark, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : mark;
    });
  }

  // A count's words in the plural form the language's rules choose ("one", "few", "other", ...).
  function counted(forms, count, values) {
    var form = rules ? rules.select(count) : (count === 1 ? "one" : "other");
    var text = typeof forms[form] === "string" ? forms[form] : forms.other;
    values.count = count;
    return fill(text || "", values);
  }

  // An ISO date in the pattern of the theme's date_format (Babel's pattern letters d, M, L,
  // y and 'quoted text'), with the language's month names.
  function humanDate(iso) {
    var month = Number(iso.slice(5, 7)), day = Number(iso.slice(8, 10)), year = Number(iso.slice(0, 4));
    if (!(month >= 1 && month <= 12)) return iso.slice(0, 10);
    return WORDS.date.replace(/'([^']*)'|d+|M+|L+|y+/g, function (token, literal) {
      if (literal !== undefined) return literal || "'";
      var letter = token.charAt(0), width = token.length;
      if (letter === "d") return width > 1 && day < 10 ? "0" + day : String(day);
      if (letter === "y") return width === 2 ? String(year % 100 + 100).slice(1) : String(year);
      if (width < 3) return width > 1 && month < 10 ? "0" + month : String(month);
      var names = WORDS.months[token.slice(0, 4)] || WORDS.months.MMMM || [];
      return names[month - 1] || String(month);
    });
  }

  // Pagefind's excerpts are the page's text with < and > escaped (pagefind.js does exactly
  // that) and <mark> around the words that matched: split at the marks, unescape, and
  // the parts are plain text again. Nothing here is ever parsed as HTML.
  function excerptParts(html) {
    var parts = [];
    var marked = false;
    html.split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") marked = piece === "<mark>";
      else if (piece) parts.push([piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">"), marked]);
    });
    return parts;
  }

  // Lower case without accents, as both indexes fold words.
  function fold(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function wordsOf(text) {
    return fold(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  // Whether a text holds one of the query's words, or a word sharing its stem (Pagefind
  // stems: "elections" finds "election"), so a fuzzy fallback ("cocoa" finding "CO")
  // does not pass for a hit.
  function mentions(text, query) {
    var stems = wordsOf(query).map(function (w) { return w.length > 4 ? w.slice(0, Math.max(4, w.length - 2)) : w; });
    return wordsOf(text).some(function (w) {
      return stems.some(function (stem) { return w.indexOf(stem) === 0; });
    });
  }

  // The names the filters know (tags, people, organizations, places, sections), kept from
  // the first answer, which counts every value: where a query no story mentions may have meant.
  var names = [];

  function remember_names(filters) {
    if (names.length || !filters) return;
    var seen = {};
    GROUPS.forEach(function (pair) {
      Object.keys(filters[pair[0]] || {}).forEach(function (name) {
        if (!Object.prototype.hasOwnProperty.call(seen, name)) { seen[name] = true; names.push(name); }
      });
    });
  }

  // Edits (a letter added, dropped or changed) between two words, or more than `most`.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var corner = row[0], least = row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var above = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, corner + (a.charAt(i - 1) === b.charAt(k - 1) ? 0 : 1));
        corner = above;
        least = Math.min(least, row[k]);
      }
      if (least > most) return most + 1;
    }
    return row[b.length];
  }

  // Up to three names with a word a letter or two from a word of the query ("Solemani":
  // Qassem Soleimani), the closest first: a way on from "no stories mention".
  function closest(query) {
    var scored = [];
    wordsOf(query).filter(function (w) { return w.length >= 4; }).forEach(function (word) {
      var most = word.length >= 8 ? 2 : 1;
      names.forEach(function (name) {
        var best = most + 1;
        wordsOf(name).forEach(function (part) { best = Math.min(best, distance(word, part, most)); });
        if (best > 0 && best <= most) scored.push([best, name]);
      });
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1].localeCompare(b[1]); });
    var found = [];
    scored.forEach(function (pair) { if (found.length < 3 && found.indexOf(pair[1]) === -1) found.push(pair[1]); });
    return found;
  }

  // -- backends ---------------------------------------------------------------------
  function pagefindBackend(pagefind) {
    function result(data) {
      var meta = data.meta || {};
      var section = (data.filters && data.filters.section) || [];
      return {url: sitePath(data.url), title: String(meta.title || data.url), section: String(section[0] || ""),
              date: isoDate(meta.date), excerpt: excerptParts(String(data.excerpt || "")),
              text: String(meta.title || "") + " " + String(data.content || "")};
    }
    return {
      sorts: true,
      search: function (words, filters, options) {
        words = words.trim();
        var chosen = {};
        Object.keys(filters).forEach(function (group) {
          if (filters[group].length) chosen[group] = {any: filters[group]};
        });
        if (!words && !Object.keys(chosen).length) {
          return pagefind.filters().then(function (counts) { return {total: 0, results: [], filters: counts}; });
        }
        var settings = {filters: chosen};
        if (options.sort) settings.sort = {date: options.sort === "oldest" ? "asc" : "desc"};
        return pagefind.search(words || null, settings).then(function (found) {
          var shown = found.results.slice(0, options.limit);
          return Promise.all(shown.map(function (hit) { return hit.data(); })).then(function (data) {
            var hits = data.map(result);
            if (words && !hits.some(function (hit) { return mentions(hit.text, words); })) {
              return {total: 0, results: [], filters: {}};  // only fuzzy matches: nothing found
            }
            return {total: found.results.length, results: hits, filters: found.filters};
          });
        });
      }
    };
  }

  function loadPagefind() {
    var bundles = [];
    try { bundles = JSON.parse(box.getAttribute("data-bundles") || "[]"); } catch (e) { bundles = []; }
    return import(siteUrl("pagefind/pagefind.js")).then(function (pagefind) {
      // URLs come back as "/world/.../index.html" from every bundle; sitePath makes them
      // relative to the site root, so the site works under any sub-path.
      return Promise.resolve(pagefind.options({baseUrl: "/"})).then(function () {
        return Promise.all(bundles.filter(function (b) { return typeof b === "string" && sitePath(b) === b; })
          .map(function (b) { return pagefind.mergeIndex(siteUrl(b), {baseUrl: "/"}); }));
      }).then(function () {
        return pagefind.filters();  // loads the filter data; without it searches report no counts
      }).then(function () { return pagefindBackend(pagefind); });
    });
  }

  function loadOffline() {
    var offline = window.SiteSearchOffline;
    if (!offline) return Promise.reject(new Error("assets/search-offline.js is missing; rebuild the site"));
    return Promise.resolve(typeof offline === "function" ? offline({root: root}) : offline);
  }

  // Browsers refuse to load Pagefind's module from file://.
  var web = /^https?:$/.test(window.location.protocol) && box.hasAttribute("data-pagefind");
  var backend = null;  // loaded at the first search, which asks for the filters' counts

  function engine() {
    if (!backend) backend = (web ? loadPagefind() : Promise.reject(new Error("offline"))).catch(loadOffline);
    return backend;
  }

  // -- the UI ---------------------------------------------------------------------------
  var form = el("form", "search-form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", WORDS.form);
  var label = el("label", "visually-hidden", WORDS.label);
  label.htmlFor = "search-query";
  var input = el("input", "search-input");
  input.id = "search-query";
  input.type = "search";
  input.name = "q";
  input.placeholder = WORDS.label;
  input.autocomplete = "off";
  input.value = query;
  form.appendChild(label);
  form.appendChild(input);

  var drawer = el("div", "search-drawer");
  var area = el("div", "search-results-area");
  var tools = el("p", "search-tools");
  tools.hidden = true;  // until the backend says whether it sorts
  var sortLabel = el("label", "", WORDS.sort + " ");
  var sort = el("select", "search-sort");
  sort.id = "search-sort";
  sortLabel.htmlFor = sort.id;
  [["", WORDS.relevance], ["newest", WORDS.newest], ["oldest", WORDS.oldest]].forEach(function (o) {
    var option = el("option", "", o[1]);
    option.value = o[0];
    sort.appendChild(option);
  });
  tools.appendChild(sortLabel);
  tools.appendChild(sort);
  var status = el("p", "search-status");
  status.setAttribute("role", "status");
  var suggest = el("p", "search-suggest");
  suggest.hidden = true;
  var list = el("ol", "search-results");
  var more = el("button", "button search-more", WORDS.more);
  more.type = "button";
  more.hidden = true;
  area.appendChild(tools);
  area.appendChild(status);
  area.appendChild(suggest);
  area.appendChild(list);
  area.appendChild(more);
  var panel = el("div", "search-filters");
  panel.setAttribute("role", "group");
  panel.setAttribute("aria-label", WORDS.filters);
  drawer.appendChild(area);
  drawer.appendChild(panel);
  box.appendChild(form);
  box.appendChild(drawer);

  var chosen = {};    // group -> [ticked values]
  var blocks = {};    // group -> {details, list, counts}

  // A count by value, or 0: a value may be "constructor" or "__proto__", which every
  // ordinary object answers with its own machinery.
  function countOf(counts, value) {
    return Object.prototype.hasOwnProperty.call(counts, value) ? Number(counts[value]) || 0 : 0;
  }
  var limit = PAGE;
  var ticket = 0;

  function remember(term) {
    try {
      var url = new URL(window.location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
    } catch (e) { /* some browsers refuse this on file:// */ }
  }

  function selected() {
    var filters = {};
    Object.keys(chosen).forEach(function (g) { if (chosen[g].length) filters[g] = chosen[g].slice(); });
    return filters;
  }

  function toggle(group, value, on) {
    var values = chosen[group] = (chosen[group] || []).filter(function (v) { return v !== value; });
    if (on) values.push(value);
    limit = PAGE;
    run();
  }

  function drawGroup(group) {
    var block = blocks[group];
    if (!block.details.open) return;  // drawn when opened: a tag list can be long
    var focused = document.activeElement;
    var focusValue = focused && focused.getAttribute && focused.getAttribute("data-group") === group ?
      focused.value : null;
    var ticked = chosen[group] || [];
    // Values no result has are left out, except in a group with a ticked value, where
    // they are the alternatives to it.
    var values = Object.keys(block.counts).filter(function (v) { return countOf(block.counts, v) > 0 || ticked.length; });
    ticked.forEach(function (v) { if (values.indexOf(v) === -1) values.push(v); });
    values.sort(function (a, b) {
      return countOf(block.counts, b) - countOf(block.counts, a) || a.localeCompare(b);
    });
    // The most frequent values, or those the find box names, never the whole list: a
    // group may hold a thousand names. Ticked values always show.
    block.find.hidden = values.length <= TOP && !block.find.value;
    var wanted = fold(block.find.value.trim());
    var shown = values.filter(function (v) { return !wanted || fold(v).indexOf(wanted) !== -1; }).slice(0, TOP);
    ticked.forEach(function (v) { if (shown.indexOf(v) === -1) shown.push(v); });
    block.list.textContent = "";
    shown.forEach(function (value) {
      var row = el("label", "search-filter-value");
      var check = el("input", "search-filter-checkbox");
      check.type = "checkbox";
      check.value = value;
      check.setAttribute("data-group", group);
      check.checked = ticked.indexOf(value) !== -1;
      check.addEventListener("change", function () { toggle(group, value, check.checked); });
      row.appendChild(check);
      row.appendChild(el("span", "search-filter-name", value));
      row.appendChild(el("span", "search-filter-count", String(countOf(block.counts, value))));
      block.list.appendChild(row);
      if (value === focusValue) check.focus();
    });
  }

  function drawFilters(counts) {
    GROUPS.forEach(function (pair) {
      var group = pair[0];
      var values = (counts && counts[group]) || {};
      if (!blocks[group]) {
        var details = el("details", "search-filter");
        var summary = el("summary", "search-filter-label");
        var fieldset = el("fieldset", "search-filter-group");
        var rows = el("div", "search-filter-values");
        var find = el("input", "search-filter-find");
        find.type = "search";
        find.placeholder = WORDS.find;
        find.autocomplete = "off";
        find.setAttribute("aria-label", WORDS.find.replace(/\u2026$/, "") + " (" + pair[1] + ")");
        find.addEventListener("input", drawGroup.bind(null, group));
        fieldset.appendChild(el("legend", "visually-hidden", pair[1]));
        fieldset.appendChild(find);
        fieldset.appendChild(rows);
        details.appendChild(summary);
        details.appendChild(fieldset);
        details.addEventListener("toggle", function () { drawGroup(group); });
        panel.appendChild(details);
        blocks[group] = {details: details, summary: summary, list: rows, find: find, counts: {}};
      }
      var block = blocks[group];
      block.counts = values;
      var ticked = (chosen[group] || []).length;
      block.summary.textContent = pair[1] + (ticked ? " (" + counted(WORDS.chosen, ticked, {}) + ")" : "");
      block.details.hidden = !ticked && !Object.keys(values).some(function (v) { return countOf(values, v) > 0; });
      drawGroup(group);
    });
  }

  function drawResult(hit) {
    var item = el("li", "search-result");
    var title = el("h2", "search-result-title");
    var link = el("a", "search-result-link", hit.title);
    link.href = root + hit.url;
    title.appendChild(link);
    item.appendChild(title);
    if (hit.section || hit.date) {
      var meta = el("p", "search-result-meta");
      if (hit.section) meta.appendChild(el("span", "search-result-section", hit.section));
      if (hit.section && hit.date) meta.appendChild(document.createTextNode(" \u00b7 "));
      if (hit.date) {
        var time = el("time", "", humanDate(hit.date));
        time.dateTime = hit.date;
        meta.appendChild(time);
      }
      item.appendChild(meta);
    }
    if (hit.excerpt.length) {
      var excerpt = el("p", "search-result-excerpt");
      hit.excerpt.forEach(function (part) {
        excerpt.appendChild(part[1] ? el("mark", "", part[0]) : document.createTextNode(part[0]));
      });
      item.appendChild(excerpt);
    }
    return item;
  }

  // The closest names under "no stories mention ...": each a button that searches for it.
  function drawSuggestions(found) {
    suggest.textContent = "";
    suggest.hidden = !found.length;
    if (!found.length) return;
    suggest.appendChild(document.createTextNode(WORDS.closest + " "));
    found.forEach(function (name, at) {
      if (at) suggest.appendChild(document.createTextNode(", "));
      var button = el("button", "search-suggestion", name);
      button.type = "button";
      button.addEventListener("click", function () { input.value = name; limit = PAGE; run(); });
      suggest.appendChild(button);
    });
  }

  // The closest names to a query no story mentions; the names are asked for first when
  // the page opened on a query (no answer without words has counted them yet).
  function suggestFor(text, mine) {
    var ready = names.length ? Promise.resolve() : engine().then(function (found) {
      return found.search("", {}, {sort: "", limit: PAGE});
    }).then(function (all) { remember_names(all.filters); });
    ready.then(function () { if (mine === ticket) drawSuggestions(closest(text)); }, function () { /* none */ });
  }

  function draw(answer, text, mine) {
    var filtered = Object.keys(selected()).length;
    var quoted = "\u201c" + text + "\u201d";
    if (!text && !filtered) remember_names(answer.filters);
    drawSuggestions([]);
    if (text && !answer.total) suggestFor(text, mine);
    if (text && !answer.total) status.textContent = fill(WORDS.nothing, {query: quoted});
    else status.textContent = !text && !filtered ? "" :
      counted(text ? WORDS.results_for : WORDS.results, answer.total, {query: quoted});
    list.textContent = "";
    var shown = answer.results.slice(0, limit);
    shown.forEach(function (hit) { list.appendChild(drawResult(hit)); });
    more.hidden = shown.length >= answer.total;
    drawFilters(answer.filters);
  }

  function run() {
    var mine = ++ticket;
    var text = input.value.trim();
    remember(text);
    // With no words and no filters the backend answers only the counts of every filter,
    // so the filters are there before anything is typed.
    engine().then(function (found) {
      tools.hidden = !found.sorts;
      // As typed: a backend may read a final space as "this word is finished".
      return found.search(input.value, selected(), {sort: found.sorts ? sort.value : "", limit: limit});
    }).then(function (answer) {
      if (mine === ticket) draw(answer, text, mine);
    }, function (error) {
      if (mine === ticket) status.textContent = fill(WORDS.failed, {error: error});
    });
  }

  var pending = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(pending);
    limit = PAGE;
    pending = window.setTimeout(run, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(pending);
    run();
  });
  sort.addEventListener("change", function () { limit = PAGE; run(); });
  more.addEventListener("click", function () { limit += PAGE; run(); });
  run();
})();
