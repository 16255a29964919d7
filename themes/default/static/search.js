// Search page: Pagefind UI over http(s); over file://, where browsers block Pagefind's
// module loading (or where the site was built without a Pagefind index),
// search-offline.js (window.SiteSearchOffline) answers from search-index/ instead. Either way `?q=` runs a search,
// so the search box in the masthead works, and the address keeps the last query.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var masthead = document.getElementById("site-search");
  if (masthead) masthead.value = query;

  function remember(term) {
    try {
      var url = new URL(window.location.href);
      if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);
    } catch (e) { /* some browsers refuse this on file:// */ }
    return term;
  }

  if (window.location.protocol !== "file:" && window.PagefindUI) {
    var ui = new window.PagefindUI({
      element: "#search",
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      translations: { placeholder: "Search articles" },
      processTerm: remember
    });
    // Pagefind's input has only a title for a name: give it a real label.
    var field = box.querySelector(".pagefind-ui__search-input");
    if (field && !field.id) {
      field.id = "search-query";
      var name = document.createElement("label");
      name.className = "visually-hidden";
      name.htmlFor = field.id;
      name.textContent = "Search articles";
      field.parentNode.insertBefore(name, field);
    }
    if (query) ui.triggerSearch(query);
    return;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  var form = el("form", "offline-search");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Articles");
  var label = el("label", "visually-hidden", "Search articles");
  label.setAttribute("for", "offline-q");
  var input = el("input", "pagefind-ui__search-input");
  input.id = "offline-q";
  input.type = "search";
  input.placeholder = "Search articles";
  input.value = query;
  var status = el("p", "search-status");
  status.setAttribute("role", "status");
  var list = el("ol", "pagefind-ui__results");
  form.appendChild(label);
  form.appendChild(input);
  box.appendChild(form);
  box.appendChild(status);
  box.appendChild(list);

  var backend = window.SiteSearchOffline;
  var asked = 0;

  function draw(text, answer) {
    list.textContent = "";
    status.textContent = answer.total + (answer.total === 1 ? " result" : " results") +
      " for \u201c" + text + "\u201d";
    answer.results.forEach(function (doc) {
      var item = el("li", "pagefind-ui__result");
      var title = el("p", "pagefind-ui__result-title");
      var link = el("a", "pagefind-ui__result-link", doc.title);
      link.href = root + doc.url;
      title.appendChild(link);
      item.appendChild(title);
      var excerpt = el("p", "pagefind-ui__result-excerpt");
      doc.excerpt.forEach(function (piece) {
        excerpt.appendChild(piece[1] ? el("mark", "", piece[0]) : document.createTextNode(piece[0]));
      });
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function run() {
    var text = input.value.trim();
    var ticket = ++asked;
    remember(text);
    if (!text || !backend) { list.textContent = ""; status.textContent = ""; return; }
    backend.search(input.value, {}).then(function (answer) {
      if (ticket === asked) draw(text, answer);  // a later keystroke has its own answer coming
    }, function (error) {
      if (ticket === asked) { list.textContent = ""; status.textContent = "Search failed: " + error.message; }
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  run();
})();
