"""A small page at each old address of an article (`aliases`) that sends readers on to it."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from site_builder.core.model import Article, OutputPage
from site_builder.pages.context import canonical_url, output_page, root_of
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages

Refused = tuple[Article, str, str]  # an article, its alias, why no redirect is written there


def redirect_groups(site: SitePages, paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    """The redirects, around `paths`: every other file of the site."""
    yield PageGroup("redirects", None, lambda: redirect_pages(site, set(paths))[0])


def redirect_pages(site: SitePages, taken: Collection[str]) -> tuple[list[OutputPage], list[Refused]]:
    """A meta refresh and a canonical link at each alias, with a relative target that works
    from file://. Returns the pages and the refused aliases as (article, alias, why): one
    that is a file of the site already, lies inside one, or another article took first."""
    pages: list[OutputPage] = []
    refused: list[Refused] = []
    owners: dict[str, tuple[str, str]] = {}  # by the alias case-folded: (alias, its page's file)
    # Letter case aside: on Windows and macOS two names differing only in case are one file.
    files = {path.casefold(): path for path in taken}
    for article in sorted(site.articles, key=lambda a: a.source_path):
        for alias in article.aliases:
            why = _refusal(alias, taken, files, owners)
            if why is not None:
                refused.append((article, alias, why))
                continue
            owners[alias.casefold()] = (alias, article.source_path)
            target = root_of(alias) + article.url
            base = site.config.base_url
            canonical = canonical_url(base, article.url) if base else target
            pages.append(output_page(alias, "redirect.html", {
                "root": root_of(alias), "path": alias, "title": article.title,
                "target": target, "canonical": canonical}))
    return sorted(pages, key=lambda p: p.path), refused


def _refusal(alias: str, taken: Collection[str], files: dict[str, str],
             owners: dict[str, tuple[str, str]]) -> str | None:
    """Why no redirect can be written at `alias`, or None."""
    folded = alias.casefold()
    folders = [folded.rsplit("/", n)[0] for n in range(1, alias.count("/") + 1)]
    if alias in taken:
        return "is a page of the site"
    if folded in files:
        return _same_but_case(files[folded], "a page of the site")
    if any(folder in files for folder in folders):
        return "lies inside a file of the site"
    if folded in owners and owners[folded][0] != alias:
        other, owner = owners[folded]
        return _same_but_case(other, f"an alias of {owner}")
    if folded in owners:
        return f"is already an alias of {owners[folded][1]}"
    return None


def _same_but_case(other: str, what: str) -> str:
    """Why an alias is refused that differs from `other` (a file of the site) only in letter case."""
    return (f"differs only in letter case from {other.removesuffix('index.html')!r}, {what}; on Windows and "
            "macOS they would be one file")
