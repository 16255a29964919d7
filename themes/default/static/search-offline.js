// Full-text search from disk (file://), where browsers refuse Pagefind: the build
// writes search-index/ as many small scripts, each calling
// SiteSearchOffline.register(name, data), and a query loads only the parts its
// words need (see site_builder/offline_index.py for the format).
//
// SiteSearchOffline.search(query, {group: [values]}, {limit, sort}) resolves to
// {total, results: [{url, title, section, date, excerpt: [[text, isHighlight], ...]}],
//  filters: {group: {value: count}}}; url is relative to the site root. sort is
// "newest", "oldest" or "" (relevance). With no words, chosen filters list their
// articles newest first, and with no filters either only the counts come back.
// Words are folded (lower case, no accents) as the index folds them; the last word
// also matches as a prefix while it is being typed. All words must match; results
// are ranked by BM25F (headline and names above the body), newest first on ties.
(function () {
  "use strict";
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = new Int8Array(128);
  for (var i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;
  var MAX_WORD = 32;          // as offline_index.MAX_WORD
  var PREFIX_PARTS = 4;       // a prefix spanning more term parts is matched as a whole word
  var PREFIX_TERMS = 30;      // at most this many words (the most frequent) stand for a prefix
  var PREFIX_FACTOR = 0.8;    // a longer word matched by a finished word counts a little less
  var EXCERPT_WORDS = 30;
  var WORD = /[\p{L}\p{N}]+/gu;
  var TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

  var current = document.currentScript;
  var base = current ? current.src.replace(/assets\/search-offline\.js(?:[?#].*)?$/, "search-index/")
                     : "search-index/";
  var parts = Object.create(null);
  var pending = Object.create(null);
  var decoded = Object.create(null);

  function register(name, data) { parts[name] = data; }

  function load(name) {
    if (name in parts) return Promise.resolve(parts[name]);
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = base + name + ".js";
        tag.onload = function () {
          if (name in parts) resolve(parts[name]);
          else reject(new Error("search-index/" + name + ".js did not register its part; rebuild the site"));
        };
        tag.onerror = function () {
          delete pending[name];
          reject(new Error("search-index/" + name + ".js could not be loaded; rebuild the site"));
        };
        document.head.appendChild(tag);
      });
    }
    return pending[name];
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function words(text) {
    return (fold(text).match(WORD) || []).filter(function (w) { return w.length <= MAX_WORD; });
  }

  // Code point order, as Python sorts the part keys (UTF-16 order differs above U+D7FF).
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var k = 0; k < x.length && k < y.length; k++) {
      if (x[k] !== y[k]) return x[k].codePointAt(0) - y[k].codePointAt(0);
    }
    return x.length - y.length;
  }

  function partIndex(keys, term) {  // the last part whose key sorts at or before term
    var lo = 0, hi = keys.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compare(keys[mid][0], term) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function partsFor(keys, term, prefix) {
    if (!keys.length) return { names: [], prefix: false };  // a site without articles
    var first = partIndex(keys, term), last = first;
    if (prefix) {
      while (last + 1 < keys.length && keys[last + 1][0].indexOf(term) === 0) last++;
      if (last - first >= PREFIX_PARTS) { last = first; prefix = false; }
    }
    var names = [];
    for (var p = first; p <= last; p++) names.push(keys[p][1]);
    return { names: names, prefix: prefix };
  }

  function decodeNumbers(text, withWeights) {
    var ids = [], weights = [], doc = 0, value = 0, shift = 0;
    for (var k = 0; k < text.length; k++) {
      var digit = VALUE[text.charCodeAt(k)];
      value += (digit & 31) << shift;
      if (digit < 32) {
        doc += value;
        ids.push(doc);
        if (withWeights) weights.push(VALUE[text.charCodeAt(++k)]);
        value = 0; shift = 0;
      } else {
        shift += 5;
      }
    }
    return { ids: ids, weights: weights };
  }

  function postings(partName, term) {
    var key = partName + "\u0000" + term;
    if (!decoded[key]) decoded[key] = decodeNumbers(parts[partName][term], true);
    return decoded[key];
  }

  function filterDocs(group, index) {
    var key = "f\u0000" + group + "\u0000" + index;
    if (!decoded[key]) decoded[key] = decodeNumbers(parts[group].docs[index], false).ids;
    return decoded[key];
  }

  // The words (with a factor) that stand for one query word.
  function expand(names, term, prefix) {
    var found = [];
    names.forEach(function (name) {
      var data = parts[name];
      if (Object.prototype.hasOwnProperty.call(data, term)) found.push([name, term, 1]);
      if (!prefix) return;
      Object.keys(data).forEach(function (word) {
        if (word !== term && word.indexOf(term) === 0) found.push([name, word, PREFIX_FACTOR]);
      });
    });
    if (found.length > PREFIX_TERMS) {
      found.sort(function (a, b) { return b[2] - a[2] || parts[b[0]][b[1]].length - parts[a[0]][a[1]].length; });
      found = found.slice(0, PREFIX_TERMS);
    }
    return found;
  }

  function excerpt(doc, terms) {
    function hits(text) {
      var tokens = [];
      text.replace(TOKEN, function (match, offset) {
        var folded = words(match);
        var hit = folded.some(function (w) {
          return terms.some(function (t) { return w.indexOf(t) === 0; });
        });
        tokens.push({ start: offset, end: offset + match.length, hit: hit });
        return match;
      });
      return tokens;
    }
    var text = doc.b || doc.x || "", tokens = hits(text);
    if (!tokens.some(function (t) { return t.hit; }) && doc.x) {
      var summary = hits(doc.x);
      if (summary.some(function (t) { return t.hit; }) || !tokens.length) { text = doc.x; tokens = summary; }
    }
    if (!tokens.length) return text ? [[text, false]] : [];
    var best = 0, bestHits = -1, count = 0;
    for (var k = 0; k < tokens.length; k++) {  // the window of EXCERPT_WORDS with the most hits
      if (tokens[k].hit) count++;
      if (k >= EXCERPT_WORDS && tokens[k - EXCERPT_WORDS].hit) count--;
      var start = Math.max(0, k - EXCERPT_WORDS + 1);
      if (count > bestHits) { bestHits = count; best = start; }
    }
    var first = best;
    while (bestHits > 0 && !tokens[first].hit) first++;
    var from = Math.max(0, first - 3);  // a little context before the first hit
    var to = Math.min(tokens.length, from + EXCERPT_WORDS);
    // From the punctuation before the first word (an opening quote) to the
    // punctuation after the last one (a full stop).
    var out = [], at = from > 0 ? tokens[from - 1].end : 0;
    while (at < tokens[from].start && /\s/.test(text.charAt(at))) at++;
    if (from > 0) out.push(["\u2026 ", false]);
    for (var n = from; n < to; n++) {
      if (!tokens[n].hit) continue;
      if (tokens[n].start > at) out.push([text.slice(at, tokens[n].start), false]);
      out.push([text.slice(tokens[n].start, tokens[n].end), true]);
      at = tokens[n].end;
    }
    var end = tokens[to - 1].end, limit = to < tokens.length ? tokens[to].start : text.length;
    while (end < limit && !/\s/.test(text.charAt(end))) end++;
    if (end > at) out.push([text.slice(at, end), false]);
    if (to < tokens.length) out.push([" \u2026", false]);
    return out;
  }

  function search(query, filters, options) {
    filters = filters || {};
    options = options || {};
    var terms = words(String(query || "")).filter(function (w, k, all) { return all.indexOf(w) === k; });
    var typing = terms.length > 0 && !/[\s\p{P}]$/u.test(query);
    return load("index").then(function (manifest) {
      var groups = Object.keys(manifest.filters).sort();
      var plans = terms.map(function (term, k) {
        return partsFor(manifest.parts, term, typing && k === terms.length - 1);
      });
      var wanted = [];
      plans.forEach(function (plan) { wanted = wanted.concat(plan.names); });
      groups.forEach(function (g) { wanted.push(manifest.filters[g]); });
      return Promise.all(wanted.map(load)).then(function () {
        return rank(manifest, terms, plans, groups, filters, options);
      });
    });
  }

  function rank(manifest, terms, plans, groups, filters, options) {
    var size = manifest.docs;
    var score = new Float64Array(size), matched = new Uint16Array(size), best = new Float64Array(size);
    terms.forEach(function (term, k) {
      var touched = [];
      expand(plans[k].names, term, plans[k].prefix).forEach(function (hit) {
        var list = postings(hit[0], hit[1]);
        var df = list.ids.length;
        var idf = Math.log(1 + (size - df + 0.5) / (df + 0.5)) * hit[2];
        for (var p = 0; p < df; p++) {
          var doc = list.ids[p], value = idf * list.weights[p];
          if (best[doc] === 0) touched.push(doc);
          if (value > best[doc]) best[doc] = value;
        }
      });
      touched.forEach(function (doc) {
        if (matched[doc] === k) { score[doc] += best[doc]; matched[doc] = k + 1; }
        best[doc] = 0;
      });
    });
    var allowed = new Uint8Array(size), narrowed = false;
    for (var d = 0; d < size; d++) if (matched[d] === terms.length) allowed[d] = 1;
    groups.forEach(function (group) {
      var chosen = Object.prototype.hasOwnProperty.call(filters, group) ? filters[group] : null;
      if (!chosen || !chosen.length) return;
      narrowed = true;
      var data = parts[manifest.filters[group]], keep = new Uint8Array(size);
      chosen.forEach(function (value) {
        var at = data.values.indexOf(value);
        if (at >= 0) filterDocs(manifest.filters[group], at).forEach(function (doc) { keep[doc] = 1; });
      });
      for (var d2 = 0; d2 < size; d2++) allowed[d2] &= keep[d2];
    });
    var docs = [];
    for (var d3 = 0; d3 < size; d3++) if (allowed[d3]) docs.push(d3);
    // Doc ids count articles oldest first, so they are also the date order.
    if (options.sort === "oldest") docs.sort(function (a, b) { return a - b; });
    else if (options.sort === "newest") docs.sort(function (a, b) { return b - a; });
    else docs.sort(function (a, b) { return score[b] - score[a] || b - a; });
    if (!terms.length && !narrowed) docs = [];  // nothing asked: only the counts of everything
    // Objects without a prototype: a value may be "__proto__" or "constructor", which an
    // ordinary object would take for its own machinery.
    var counts = Object.create(null);
    groups.forEach(function (group) {
      var data = parts[manifest.filters[group]], out = Object.create(null);
      var chosen = Object.prototype.hasOwnProperty.call(filters, group) ? filters[group] : [];
      data.values.forEach(function (value, at) {
        var n = 0;
        filterDocs(manifest.filters[group], at).forEach(function (doc) { n += allowed[doc]; });
        if (n > 0 || chosen.indexOf(value) >= 0) out[value] = n;
      });
      counts[group] = out;
    });
    var top = docs.slice(0, options.limit || 20);
    return Promise.all(top.map(function (doc) { return load("d/" + doc); })).then(function (records) {
      return {
        total: docs.length,
        filters: counts,
        results: records.map(function (doc) {
          return { url: doc.u, title: doc.t, section: doc.s, date: doc.d, excerpt: excerpt(doc, terms) };
        })
      };
    });
  }

  window.SiteSearchOffline = {
    register: register,
    search: search,
    sorts: true,
    // Names of the index parts this page has loaded (for measuring what a query costs).
    loaded: function () { return Object.keys(parts).sort(); }
  };
})();
