// Search page: Pagefind over http(s); over file://, where browsers block Pagefind's
// module loading, a small index loaded by a plain <script> answers instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var query = new URLSearchParams(window.location.search).get("q") || "";

  if (window.location.protocol !== "file:" && window.PagefindUI) {
    var ui = new window.PagefindUI({ element: "#search", showImages: false, resetStyles: false });
    if (query) ui.triggerSearch(query);
    return;
  }

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  var form = el("form");
  form.setAttribute("role", "search");
  var label = el("label", "Search articles");
  label.setAttribute("for", "offline-q");
  var input = el("input");
  input.id = "offline-q";
  input.type = "search";
  input.value = query;
  var status = el("p");
  status.setAttribute("role", "status");
  var list = el("div");
  form.appendChild(label);
  form.appendChild(input);
  box.appendChild(form);
  box.appendChild(status);
  box.appendChild(list);

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function run() {
    var data = window.SITE_SEARCH_DATA || [];
    var terms = words(input.value);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var hits = data.filter(function (doc) {
      return terms.every(function (t) { return doc.k.indexOf(t) !== -1; });
    });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + input.value + "\u201d";
    hits.slice(0, 50).forEach(function (doc) {
      var item = el("article");
      item.className = "result";
      var h = el("h2");
      var a = el("a", doc.t);
      a.href = root + doc.u;
      h.appendChild(a);
      item.appendChild(h);
      if (doc.s) item.appendChild(el("p", doc.s));
      list.appendChild(item);
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  var script = document.createElement("script");
  script.src = root + "assets/search-data.js";
  script.onload = run;
  document.body.appendChild(script);
})();
