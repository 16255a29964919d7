"""The build's model stage: the articles as the site's pages (pages.SitePages), with
the keys that tell which pages may have changed."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import jinja2

from site_builder.build.load import Loaded, Request, Scanned
from site_builder.content.images import share_card
from site_builder.core import gc_pause
from site_builder.core.digests import digest
from site_builder.core.model import KINDS, Article
from site_builder.core.strings import load_strings
from site_builder.core.workers import aside
from site_builder.pages.site_pages import PageExtras, SitePages
from site_builder.pages.views import SiteData
from site_builder.publish import cache
from site_builder.render.keys import PageKeys
from site_builder.render.themes import theme_chain, themed_environment
from site_builder.search.pagefind import MAIN_BUNDLE
from site_builder.search.pagefind import shard_bundles as search_bundles
from site_builder.site.model import ModelFacts, archive_keys
from site_builder.site.names import firms_as_organizations, without_pageless_names
from site_builder.site.order import newest_first
from site_builder.site.related import related_articles
from site_builder.site.terms import term_rows


@dataclass(frozen=True)
class Model:
    """The site's pages as plain data, and the digests their keys are made from."""

    site: SitePages
    bundles: dict[str, list[str]]  # the Pagefind bundles: the pages of each
    facts: tuple[str, bool]  # the facts key (site.model.archive_keys), and whether the cache held them
    env: jinja2.Environment
    site_data: SiteData
    page_environment: str  # what every page depends on besides its own data
    page_key: PageKeys
    listing: str  # while it stays the same, no page but an edited article's own can change
    notices: tuple[str, ...] = ()  # strings the site's language lacks, each named


def _related_coverage(articles: list[Article], _: None) -> list[list[int]]:
    """related_articles, as workers.aside calls it."""
    return related_articles(articles)


def _model_facts(ordered: list[Article]) -> ModelFacts:
    """The ModelFacts of the articles (newest first): the related coverage is worked
    out meanwhile, in a process of its own (the articles go to it by fork, unpickled)."""
    with gc_pause.paused(), aside(_related_coverage, ordered, None) as related:  # many small objects, no cycles
        terms = {kind: term_rows(ordered, kind) for kind in KINDS}
        return ModelFacts(terms, related())


def model(request: Request, scanned: Scanned, loaded: Loaded, store: cache.BuildCache | None) -> Model:
    config = request.config
    # before anything is made of their names
    ordered = without_pageless_names(firms_as_organizations(newest_first(loaded.articles)))
    bundles = search_bundles([a.url for a in ordered]) if request.with_search else {}
    archive = archive_keys(ordered)
    stored_facts = store.model_facts(archive.facts_key, len(ordered)) if store else None
    facts = ModelFacts(*stored_facts) if stored_facts else None
    image_views = {url: image.view() for url, image in sorted(loaded.images.items())}
    extras = PageExtras(search_bundles=[f"{b}/" for b in bundles if b != MAIN_BUNDLE], images=image_views,
                        sources=loaded.sources, listed_texts=archive.listed_texts,
                        share_image=share_card(request.static_dirs, config.title))
    chain = request.theme or theme_chain(config.root, config.theme)
    # the words the pages are given (titles, labels, counts) come from the templates' tables
    words = load_strings(chain.strings_dirs, config.language)
    site = SitePages(config, ordered, facts or _model_facts(ordered), extras, words)
    env, notices = themed_environment(config, chain, request.template_dirs, request.static_dirs)
    gc_pause.settle()  # the site model too
    site_data = site.site_data(pagefind=request.with_search)
    page_environment = digest(scanned.environment, json.dumps(dataclasses.asdict(site_data), sort_keys=True,
                                                              ensure_ascii=False))
    listing = digest(page_environment, archive.listing_key,
                     json.dumps([[url, dataclasses.asdict(view)] for url, view in image_views.items()]))
    return Model(site, bundles, (archive.facts_key, facts is not None), env, site_data, page_environment,
                 PageKeys(page_environment), listing, notices)
