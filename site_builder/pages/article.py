"""Each article's own page: one group each, made first, as they are all the search indexer reads."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import fields

from site_builder.content.dates import iso
from site_builder.content.markup import MarkdownHtml
from site_builder.core.digests import digest
from site_builder.core.model import ENTITY_KINDS, ORGANIZATIONS, Article, OutputPage
from site_builder.pages.context import document_title, root_of
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import ArticleView, EntityList, Link, RelatedArticle, Teaser, TickerView
from site_builder.site.names import without_legal_form


def article_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    for article in site.articles:
        yield PageGroup(f"article:{article.url}", functools.partial(article_inputs, site, article),
                        functools.partial(article_page, site, article), shows_inputs=False)


def article_inputs(site: SitePages, article: Article) -> str:
    # An article is parsed from its file's bytes and path alone: their key stands for it.
    whole = site.extras.sources.get(article.source_path) or repr(article)
    return digest(whole, repr(site.images.get(article.url)), site.item(article), repr(tickers(site, article)),
                  site.titles.get(article.url, ""), *map(site.item, site.related_to(article)))


def article_page(site: SitePages, article: Article) -> list[OutputPage]:
    view = article_view(site, article)
    # Link previews read only absolute addresses: relative to the page where the site knows none.
    share_image = (site.config.base_url or root_of(article.url)) + view.image.url if view.image else None
    extra = {}
    if article.url in site.titles:  # another article has the same headline
        extra["document_title"] = document_title(site.titles[article.url], site.config.title)
    return [site.page(article.url, "article.html", article.title, article=view, share_image=share_image, **extra)]


def article_view(site: SitePages, article: Article) -> ArticleView:
    teaser = site.teaser(article)
    return ArticleView(
        **{f.name: getattr(teaser, f.name) for f in fields(Teaser)},
        subheadline=article.subheadline, caption=article.caption, credit=article.credit,
        author=article.author, source_url=article.source_url,
        body_html=MarkdownHtml(article.body), slug=article.slug,
        related=related_coverage(site, article),
        image=site.images.get(article.url),
        entity_lists=tuple(EntityList(k, site.kind_label(k), teaser.entities[k])
                           for k in ENTITY_KINDS if teaser.entities[k]),
        tickers=tickers(site, article),
    )


def tickers(site: SitePages, article: Article) -> tuple[TickerView, ...]:
    """The article's stock symbols, each linked to its company's page when the site has
    one (under the company's name, or that name without its legal form: "NEC Corp", "NEC")."""
    views = []
    for ticker in article.tickers:
        url = None
        for name in dict.fromkeys((ticker.company, without_legal_form(ticker.company.casefold()))):
            url = url or (site.term_link(ORGANIZATIONS.key, name).url if name else None)
        views.append(TickerView(ticker.symbol, ticker.company, url))
    return tuple(views)


def related_coverage(site: SitePages, article: Article) -> tuple[RelatedArticle, ...]:
    """Up to five other articles sharing the rarest names and tags (see site/related.py)."""
    return tuple(RelatedArticle(a.title, a.url, iso(a.date) if a.date else None, site.human_date(a),
                                Link(a.section, f"{a.section_slug}/index.html"))
                 for a in site.related_to(article))
