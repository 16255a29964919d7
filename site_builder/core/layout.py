"""The names a build writes at the top of the site: the one list that section
folders and aliases are checked against (slugs.section_slug, content.alias_file),
so that a section or an old address can never land on a folder or file the build
owns (a section named "Pagefind Shards" once shared its folder with a search
bundle and broke every later build). Every module that writes at the top of the
site takes its name from here; tests/core/test_reserved_names.py checks that every
top-level entry of a built site is one of them."""

from __future__ import annotations

import re

from site_builder.core.model import KINDS

INDEX = "index.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
SITEMAP_PART = "sitemap-{number}.xml"  # the sitemaps sitemap.xml lists
MARKER = ".site-builder-files"  # lists the files a build wrote: the build owns only those

PAGES = "page"  # the home page's page/2/...
ASSETS = "assets"  # theme and static/ files, pictures
ARCHIVE = "archive"
SEARCH = "search"  # the search page
OFFLINE_INDEX = "search-index"  # the file:// search index
PAGEFIND = "pagefind"  # the Pagefind bundle the search page loads
PAGEFIND_SHARDS = "pagefind-shards"  # the other Pagefind bundles

TOP_LEVEL_FOLDERS = frozenset({PAGES, ASSETS, ARCHIVE, SEARCH, OFFLINE_INDEX, PAGEFIND, PAGEFIND_SHARDS,
                               *(kind.folder for kind in KINDS.values())})
TOP_LEVEL_FILES = (INDEX, NOT_FOUND, FEED, ROBOTS, SITEMAP, SITEMAP_PART, MARKER)


def _stem(name: str) -> str:
    return name.split(".", 1)[0]


# A name meets a file of the build when it is that file's name without its extension
# too: a folder feed/ beside feed.xml reads as the feed; sitemap-{number} is any number.
_FILE_STEMS = re.compile("|".join(re.escape(_stem(name)).replace(r"\{number\}", r"[0-9]+")
                                  for name in TOP_LEVEL_FILES if _stem(name)))


def is_build_name(name: str) -> bool:
    """Whether a file or folder called `name` at the top of the site is, or reads as,
    one the build writes there (`assets`, `pagefind-shards`, `feed.xml`, `feed`,
    `sitemap-7.xml`, `404`...), in any letter case, as Windows and macOS see names
    (`Assets` is `assets` there): no section folder or alias may be called so."""
    name = name.lower()
    return name in TOP_LEVEL_FOLDERS or name in TOP_LEVEL_FILES or bool(_FILE_STEMS.fullmatch(_stem(name)))
