"""An equivalent Hugo site, written from a site_builder content/ folder, so `make bench`
can set Hugo + Pagefind beside site_builder on the same articles doing the same work.

What it gives Hugo to do, page for page where Hugo has the feature:
- every article at <section>/<slug>/ with headline, standfirst, byline date, body
  (Markdown), its names and tags linked to their pages, five related articles
  (Hugo's related content over tags, people, organizations and places);
- home, section and term lists of `page_size` articles a page, each teaser with its
  section, date, standfirst and a few linked names; the tags, people, organizations
  and places taxonomies, each with an index page;
- the lists site_builder makes by date, as taxonomies (Hugo's one kind of generated
  list): the archive's months (`archive`, with its index) and days (`archive_days`),
  and each term's months (`<kind>_months`), paginated alike, without feeds;
- an RSS feed of `FEED_SIZE` items for the home page, each section and each term; a
  sitemap (site_builder writes one once site.toml has a base URL, as the benchmark's does);
- the articles' tags and names as a build leaves them (`site_model`: the archive's tag
  rules, no page for a lone given name or a country's "Finance Ministry"); an entity gets
  a term page under site_builder's rule (`entity_min_articles`, names merged as
  site_builder merges them); the others are shown as text;
- no `page/1/` redirect per list (`disableAliases`): site_builder writes none;
- Pagefind over the built site indexes only the article bodies
  (`data-pagefind-body`), with the same filters and date sort.

What still differs, and why:
- bytes: site_builder's pages carry more markup (its theme's navigation, accessibility
  and social tags, a term's timeline chart and related names); these templates give
  Hugo the same items to render, not the same HTML, so Hugo writes about half the bytes;
- site_builder also writes a file:// search index (`search-index/`) and a search page,
  which Hugo has no counterpart for: that work counts against site_builder;
- URLs: date lists are taxonomy terms (`archive/1987-03/`, `people_months/<name>-1987-03/`,
  not `archive/1987/03/`), and Hugo's `urlize` spells some names' slugs otherwise
  (`u.s.-navy`, `japanus-relations`): the same term pages under other names.

The plain site (`write_hugo_site(..., plain=True)`, scale.py `--hugo-site plain`): the
same templates and articles, but only the four taxonomies (tags, people, organizations,
places), every name a term (no `entity_min_articles`, nothing shown as text), and Hugo's
defaults otherwise: a feed for every term and each taxonomy's index, a `page/1/` redirect
for every paginated list, no lists by date, so no archive and no term months. It is the
site a general comparison of generators builds; it makes more, smaller pages than
site_builder (at 1,000 articles 8,363 HTML pages against 3,008: 3,558 term pages against
739 and 3,568 redirects, but no archive and no term months), so its CPU ratio is not the
equal-work one: report both, with the pages per kind beside them.

Hugo's CPU time grew faster than the archive on the equal-work site (`hugo` alone: 7.5 CPU s
at 1,000 articles, 64 at 3,000, about 750 at 10,000) because the menu of sections in the
base template asked `site.Sections` on every page, and Hugo walks the whole content tree
(the date lists' term pages included) to answer it: work that grows as pages times pages
(at 3,000 articles, with every template's body empty, 25 CPU s with the menu and 11
without). The menu is now rendered once (`partialCached`), which writes the same bytes:
about 6, 28 and 260 CPU s at 1,000, 3,000 and 10,000 articles, or 2.0, 2.9 and 7.9 ms an
HTML page (3,007, 9,667 and 32,584 pages). What is left grows still somewhat faster than
the archive, for a cause not found: at 3,000 articles, without related articles 21.5 CPU s
and without the teasers' section link 24, at 10,000 without related articles 240, so no
one feature accounts for it (before the menu fix: without
the related articles 62, without the names on teasers 70, without `.Summary` 73). A ratio
measured at one archive size holds at that size only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from site_builder.content.read import load_articles
from site_builder.core.config import Config
from site_builder.core.model import ENTITY_KINDS, Article
from site_builder.ingest.tag_rules import tag_rules
from site_builder.pages.feeds import FEED_SIZE
from site_builder.pages.site_pages import SitePages
from site_builder.site.names import firms_as_organizations, without_pageless_names
from site_builder.site.order import newest_first
from site_builder.site.related import COMMON_TERM

TAXONOMIES = {"tag": "tags", "person": "people", "organization": "organizations", "place": "places"}
# ... and the lists site_builder makes by date: the archive's months and days, each term's months.
ALL_TAXONOMIES = {**TAXONOMIES, "month": "archive", "day": "archive_days",
                  **{f"{singular}_month": f"{plural}_months" for singular, plural in TAXONOMIES.items()}}

CONFIG = """\
baseURL = "https://example.org/"
title = {title}
locale = "en"
ignoreLogs = ["warning-goldmark-raw-html"]
disableKinds = []
enableRobotsTXT = true

[pagination]
pagerSize = {page_size}
{equal_work}
[taxonomies]
{taxonomies}
{outputs}
[services.rss]
limit = {feed_size}

[markup.goldmark.renderer]
unsafe = false

[related]
includeNewer = true
threshold = 1
toLower = false
{related}
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify }}{{ else }}{{ site.Title }}{{ end }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:site_name" content="{{ site.Title }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ range .AlternativeOutputFormats }}\
<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header class="masthead"><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<form action="{{ "search/" | relURL }}" role="search"><input type="search" name="q" aria-label="Search"></form>
{{ partialCached "sections.html" . "sections" }}
<nav><ul>{{ range slice "tags" "people" "organizations" "places" "archive" }}\
<li><a href="{{ printf "/%s/" . | relURL }}">{{ . | title }}</a></li>{{ end }}</ul></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

TEASER = """\
<li class="story"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a> · \
{{ with .Date }}{{ if not .IsZero }}<time datetime="{{ .Format "2006-01-02" }}">{{ .Format "2 January 2006" }}</time>\
{{ else }}Undated{{ end }}{{ end }}</p>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<p class="names">\
{{ range first 3 .Params.people }}{{ partial "term-link.html" (dict "kind" "people" "name" .) }} {{ end }}\
{{ range first 1 .Params.organizations }}\
{{ partial "term-link.html" (dict "kind" "organizations" "name" .) }} {{ end }}\
{{ range first 2 .Params.places }}{{ partial "term-link.html" (dict "kind" "places" "name" .) }} {{ end }}</p></li>
"""

# A term's page from its name, as Hugo names it: `.GetTerms` would give the same link,
# but looks through every term of the taxonomy on each call, which grows as the square
# of the archive (139 instead of about 60 CPU seconds at 10,000 articles).
TERM_LINK = """\
<a href="{{ printf "/%s/%s/" .kind (.name | urlize) | relURL }}">{{ .name }}</a>\
"""

# The sections' menu, the same on every page: rendered once (`partialCached`), as Hugo's
# docs advise for site-wide menus. `site.Sections` walks the whole content tree on each
# call, so asking it on every page grew as the square of the archive: 64 of `hugo`'s CPU
# seconds at 3,000 articles, about 25 with the menu cached.
SECTIONS = """\
<nav><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>\
"""

PAGINATION = """\
<nav class="pagination" aria-label="Pages">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
<span>Page {{ .PageNumber }} of {{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>
"""

LIST = """\
{{ define "main" }}
<h1>{{ if .IsHome }}Latest briefings{{ else }}{{ .Title }}{{ end }}</h1>
{{ $pager := .Paginate (cond .IsHome site.RegularPages .RegularPages) }}
<ol class="stories">{{ range $pager.Pages }}{{ partial "teaser.html" . }}{{ end }}</ol>
{{ partial "pagination.html" $pager }}
{{ end }}
"""

TERM = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ol class="stories">{{ range $pager.Pages }}{{ partial "teaser.html" . }}{{ end }}</ol>
{{ partial "pagination.html" $pager }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">{{ range .Data.Terms.Alphabetical }}\
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

SINGLE = """\
{{ define "main" }}
<article class="article" data-pagefind-body>
<header>
<p class="kicker"><a href="{{ .CurrentSection.RelPermalink }}" data-pagefind-filter="section">\
{{ .CurrentSection.Title }}</a></p>
<h1>{{ .Title }}</h1>
{{ with .Params.summary }}<p class="standfirst">{{ . }}</p>{{ end }}
<p class="byline">{{ if not .Date.IsZero }}<span data-pagefind-meta="date:{{ .Date.Format "2006-01-02" }}" \
data-pagefind-sort="date:{{ .Date.Format "2006-01-02" }}"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time></span>{{ else }}Undated{{ end }}</p>
</header>
<div class="body">{{ .Content }}</div>
<footer>
{{ range $kind := slice "people" "organizations" "places" "tags" }}
{{ $terms := index $.Params $kind }}{{ $text := index $.Params (printf "%s_text" $kind) }}
{{ if or $terms $text }}<section><h2>{{ $kind | title }}</h2><ul class="chips">\
{{ range $terms }}<li data-pagefind-filter="{{ $kind }}">\
{{ partial "term-link.html" (dict "kind" $kind "name" .) }}</li>\
{{ end }}\
{{ range $text }}<li><span data-pagefind-filter="{{ $kind }}">{{ . }}</span></li>{{ end }}</ul></section>{{ end }}
{{ end }}
</footer>
</article>
{{ with site.RegularPages.Related . | first 5 }}
<aside class="related-coverage"><h2>Related coverage</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> \
<span class="meta">{{ .CurrentSection.Title }}</span></li>{{ end }}
</ul></aside>
{{ end }}
{{ end }}
"""

# What the equal-work site sets beside Hugo's defaults: no `page/1/` redirects, and no
# feed of a taxonomy's index (site_builder writes neither).
EQUAL_WORK_PAGINATION = "disableAliases = true\n"
EQUAL_WORK_OUTPUTS = """
[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]
"""

NOT_FOUND = """\
{{ define "main" }}<h1>Page not found</h1><p><a href="{{ "" | relURL }}">Front page</a></p>{{ end }}
"""


def site_model(content_dir: Path, config: Config | None = None) -> SitePages:
    """The articles of `content_dir` as a site_builder build sees them (build/load.py and
    build/model.py): read, with the archive's tag rules applied (relations tags on too few
    articles dropped), firms filed as organizations and the names that get no page left out."""
    articles, _problems = load_articles(content_dir)
    rules = tag_rules(articles)
    articles = [rules.apply(article) for article in articles]
    return SitePages(config or Config(), without_pageless_names(firms_as_organizations(newest_first(articles))))




def article_front(article: Article) -> dict[str, object]:
    """What both Hugo sites' content pages start their front matter with."""
    front: dict[str, object] = {"title": article.title, "slug": article.slug, "summary": article.summary}
    if article.date is not None:
        front["date"] = article.date.isoformat()
    return front


def plain_hugo_page(article: Article) -> str:
    """An article as the plain Hugo site's content page: its tags and every name it gives
    as terms, nothing else listed."""
    front = article_front(article)
    front["tags"] = list(article.tags)
    for kind in ENTITY_KINDS:
        front[kind] = list(dict.fromkeys(ref.name for ref in article.entities(kind)))
    return json.dumps(front, ensure_ascii=False) + "\n\n" + article.body


def hugo_page(article: Article, builder: SitePages, plain: bool = False) -> str:
    """An article as a Hugo content page: JSON front matter, a blank line, its Markdown body.
    A name with a term page is linked; the others are text. Each linked name and tag also
    names the term's month (`<kind>_months`), and the article its month (`archive`) and day
    (`archive_days`). `plain`: as the plain site has it (plain_hugo_page)."""
    if plain:
        return plain_hugo_page(article)
    front = article_front(article)
    month = f"{article.date:%Y-%m}" if article.date is not None else "undated"
    front["archive"] = [month]  # site_builder's month lists, and its day lists:
    front["archive_days"] = [f"{article.date:%Y-%m-%d}"] if article.date is not None else []
    linked = {"tags": [builder.term_names.get(("tags", t.casefold()), t) for t in article.tags]}
    for kind in ENTITY_KINDS:
        linked[kind], text = [], []
        for ref in article.entities(kind):
            key = (kind, ref.name.casefold())
            (linked[kind] if key in builder.term_urls else text).append(builder.term_names.get(key, ref.name))
        front[f"{kind}_text"] = text
    for plural, names in linked.items():
        front[plural] = names
        if article.date is not None:  # site_builder's term months are of dated articles only
            front[f"{plural}_months"] = [f"{name} {month}" for name in dict.fromkeys(names)]
    return json.dumps(front, ensure_ascii=False) + "\n\n" + article.body


def hugo_page_path(target: Path, article: Article) -> Path:
    return target / "content" / article.section_slug / f"{article.slug}.md"


def write_hugo_site(content_dir: Path, target: Path, config: Config | None = None, plain: bool = False) -> int:
    """Write a Hugo project into `target` (replacing it) from the articles of
    `content_dir`, as site_builder reads them; returns the number of articles.
    `plain`: the plain site (the four taxonomies with every name a term, Hugo's defaults)
    instead of the equal-work one."""
    config = config or Config()
    builder = site_model(content_dir, config)
    shutil.rmtree(target, ignore_errors=True)
    layouts = target / "layouts"
    (layouts / "_partials").mkdir(parents=True)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST),
                       ("term.html", TERM), ("taxonomy.html", TAXONOMY), ("404.html", NOT_FOUND),
                       ("_partials/teaser.html", TEASER), ("_partials/term-link.html", TERM_LINK),
                       ("_partials/pagination.html", PAGINATION),
                       ("_partials/sections.html", SECTIONS)):
        (layouts / name).write_text(text, encoding="utf-8")
    (target / "static").mkdir()
    (target / "static" / "style.css").write_text("body { font-family: serif; }\n", encoding="utf-8")
    # site_builder leaves a name or tag on more than 200 articles out of the ranking (related.py);
    # Hugo's cardinalityThreshold does the same, as a percentage of the articles.
    threshold = max(1, min(100, round(100 * COMMON_TERM / max(1, len(builder.articles)))))
    indices = "".join(f'[[related.indices]]\nname = "{plural}"\nweight = 1\ncardinalityThreshold = {threshold}\n'
                      for plural in TAXONOMIES.values())
    (target / "hugo.toml").write_text(CONFIG.format(
        title=json.dumps(config.title), page_size=config.page_size, feed_size=FEED_SIZE,
        equal_work="" if plain else EQUAL_WORK_PAGINATION, outputs="" if plain else EQUAL_WORK_OUTPUTS,
        taxonomies="\n".join(f'{singular} = "{plural}"'
                             for singular, plural in (TAXONOMIES if plain else ALL_TAXONOMIES).items()),
        related=indices), encoding="utf-8")
    content = target / "content"
    for slug, name in builder.section_names.items():
        (content / slug).mkdir(parents=True)
        (content / slug / "_index.md").write_text(json.dumps({"title": name}) + "\n", encoding="utf-8")
    for plural in () if plain else ("archive", "archive_days", *(f"{p}_months" for p in TAXONOMIES.values())):
        # Month lists have no feed in site_builder; their terms' pages get none here either.
        (content / plural).mkdir(parents=True)
        front: dict[str, object] = {"title": plural, "cascade": {"outputs": ["html"]}}
        if plural != "archive":  # site_builder has no index of days, nor of a term's months beside its timeline
            front["build"] = {"render": "never"}
        (content / plural / "_index.md").write_text(json.dumps(front) + "\n", encoding="utf-8")
    for article in builder.articles:
        hugo_page_path(target, article).write_text(hugo_page(article, builder, plain), encoding="utf-8")
    return len(builder.articles)


def hugo_commands(hugo: str, project: Path, pagefind: list[str]) -> list[list[str]]:
    """The commands that build the Hugo site and its Pagefind index, in order."""
    return [[hugo, "--quiet", "--source", str(project), "--destination", str(project / "public"),
             "--cleanDestinationDir"],
            [*pagefind, "--site", str(project / "public"), "--silent"]]
