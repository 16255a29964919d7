"""The search page, which loads the Pagefind index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from site_builder.core.layout import INDEX, SEARCH
from site_builder.core.model import OutputPage, search_filter_groups
from site_builder.core.strings import Strings
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages


def search_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    yield PageGroup("search", None, lambda: search_page(site))


def search_page(site: SitePages) -> list[OutputPage]:
    groups = tuple((key, site.words("filter_section") if key == "section" else site.kind_label(key))
                   for key, _ in search_filter_groups())
    return [site.page(f"{SEARCH}/{INDEX}", "search.html", site.words("search"),
                      bundles=tuple(site.extras.search_bundles), filter_groups=groups,
                      search_words=search_words(site.config.language, site.words))]


def search_words(language: str, words: Strings) -> dict[str, object]:
    """The words search.js draws, in the site's language: it reads them from the page as
    JSON. "{query}", "{count}" and "{error}" mark where it puts a value; a count comes in
    each plural form the language has, which the script picks by the language's rules."""
    return {
        "language": language,
        "form": words("search_form_label"), "label": words("search_label"),
        "sort": words("search_sort"), "relevance": words("search_sort_relevance"),
        "newest": words("search_sort_newest"), "oldest": words("search_sort_oldest"),
        "more": words("search_more"), "filters": words("search_filters"),
        "find": words("search_find_name"), "chosen": words.forms("search_chosen"),
        "nothing": words("search_nothing", query="{query}"),
        "results": words.forms("search_results"), "results_for": words.forms("search_results_for", query="{query}"),
        "failed": words("search_failed", error="{error}"), "closest": words("search_closest"),
        "date": words("date_format"), "months": words.month_names(),
    }
