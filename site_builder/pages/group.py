"""The unit a build makes, keeps or skips: a page group."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from site_builder.core.model import OutputPage


@dataclass(frozen=True)
class PageGroup:
    """Pages made together from the same data, mostly one: a page of a list, a feed,
    an article's page, an index; the sitemap's files. `inputs` digests everything they
    are made from besides the templates and settings, so a build can tell, without
    making them, that they are as the last build made them."""

    name: str  # unique in the site: "home:1", "feed:feed.xml", "article:<url>", "term:people:<slug>:2", ...
    inputs: Callable[[], str] | None  # None: always made (cheap pages)
    make: Callable[[], Iterable[OutputPage]]
    # True: `inputs` digests what the pages show and nothing more, so it can stand for a
    # page's whole context in its key (cache.inputs_page_key). An article's inputs stand
    # for its whole content file, so an edit that shows nowhere changes them too.
    shows_inputs: bool = True
