"""The site model: entity and tag pages, indexes, ordering and the archive."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.core.config import Config
from site_builder.core.model import Article, EntityRef
from site_builder.core.slugs import make_slug, term_slugs
from site_builder.pages.families import ARTICLES, LISTS, stage_groups
from site_builder.pages.site_pages import PageExtras, SitePages
from site_builder.pages.sitemap import sitemap_pages
from site_builder.pages.views import ImageView, Link, PageLink, PageLinks, RelatedTerm, SitemapEntry
from site_builder.site.model import archive_keys
from site_builder.site.order import newest_first
from site_builder.site.terms import collect_terms
from site_fixtures import site_pages


def article(slug: str, date: dt.date | None = None, people: tuple[str, ...] = (), tags: tuple[str, ...] = (),
            title: str | None = None) -> Article:
    return Article(title=title or slug.title(), slug=slug, section="World", section_slug="world", body="",
                   source_path=f"world/{slug}.md", date=date, people=tuple(EntityRef(p) for p in people),
                   tags=tags)


def test_newest_first_then_undated_in_the_order_of_their_content_files() -> None:
    items = [article("b", title="A first by title"), article("old", dt.date(2019, 1, 1)), article("a", title="Zed"),
             article("new", dt.date(2021, 5, 1))]
    assert [a.slug for a in newest_first(items)] == ["new", "old", "a", "b"]  # world/a.md before world/b.md


def test_terms_merge_case_and_list_articles_newest_first() -> None:
    items = [article("one", dt.date(2020, 1, 1), people=("Ali Khamenei",)),
             article("two", dt.date(2021, 1, 1), people=("ali khamenei", "Donald Trump"))]
    terms = collect_terms(items, "people")
    assert [(t.name, t.slug, [a.slug for a in t.articles]) for t in terms] == [
        ("Ali Khamenei", "ali-khamenei", ["two", "one"]), ("Donald Trump", "donald-trump", ["two"])]


def test_entity_pages_are_paginated_and_link_co_occurring_entities() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1), people=("Ali Khamenei", "Donald Trump")) for n in range(5)]
    pages = {p.path: p for p in site_pages(SitePages(Config(page_size=2), items))}
    assert {"people/ali-khamenei/index.html", "people/ali-khamenei/page/2/index.html",
            "people/ali-khamenei/page/3/index.html"} <= pages.keys()
    first = pages["people/ali-khamenei/index.html"].context
    assert [i.url for i in first["items"]] == ["world/s4/index.html", "world/s3/index.html"]
    assert first["related"] == (
        RelatedTerm("Donald Trump", "people/donald-trump/index.html", "Person", 5, "5 articles"),)
    index = pages["people/index.html"].context
    assert [(g.letter, [(t.name, t.count) for t in g.terms]) for g in index["letters"]] == [
        ("K", [("Khamenei, Ali", 5)]), ("T", [("Trump, Donald", 5)])]  # people A-Z by surname


def test_a_name_given_twice_in_one_article_counts_that_article_once() -> None:
    items = [article("one", dt.date(2020, 1, 1), people=("Ali Khamenei", "Donald Trump", "donald trump")),
             article("two", dt.date(2021, 1, 1), people=("Ali Khamenei", "ali khamenei", "Donald Trump")),
             article("three", dt.date(2022, 1, 1), people=("Donald Trump",))]
    terms = {t.name: [a.slug for a in t.articles] for t in collect_terms(items, "people")}
    assert terms == {"Ali Khamenei": ["two", "one"], "Donald Trump": ["three", "two", "one"]}
    pages = {p.path: p.context for p in site_pages(SitePages(Config(entity_min_articles=1), items))}
    assert pages["people/ali-khamenei/index.html"]["related"] == (
        RelatedTerm("Donald Trump", "people/donald-trump/index.html", "Person", 2, "2 articles"),)
    assert pages["people/donald-trump/index.html"]["related"] == (
        RelatedTerm("Ali Khamenei", "people/ali-khamenei/index.html", "Person", 2, "2 articles"),)


def test_archive_groups_by_month_and_keeps_undated_apart() -> None:
    items = [article("a", dt.date(2020, 1, 5)), article("b", dt.date(2020, 1, 9)), article("c", dt.date(2019, 12, 1)),
             article("d")]
    pages = {p.path: p for p in site_pages(SitePages(Config(), items))}
    months = pages["archive/index.html"].context["months"]
    assert [(m.label, m.datetime, m.count) for m in months] == [
        ("January 2020", "2020-01", 2), ("December 2019", "2019-12", 1), ("Undated", None, 1)]
    assert [i.title for i in pages["archive/2020/01/index.html"].context["items"]] == ["B", "A"]


def test_seed_site_has_entity_pages_linked_from_the_article(project: Path) -> None:
    (project / "site.toml").write_text("entity_min_articles = 1\n", encoding="utf-8")  # one article only
    assert main(["ingest"]) == 0
    assert main(["build"]) == 0
    site = project / "public"
    article_html = (site / "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html").read_text()
    for url in ("people/qassem-soleimani/index.html", "people/donald-trump/index.html",
                "organizations/quds-force/index.html", "places/taji/index.html", "places/united-states/index.html"):
        assert (site / url).is_file()
        assert f'href="../../{url}"' in article_html
    soleimani = (site / "people/qassem-soleimani/index.html").read_text()
    assert "Also written as Soleimani" in soleimani
    assert 'href="../../people/donald-trump/index.html"' in soleimani  # co-occurring entity
    people = (site / "people/index.html").read_text()
    assert 'href="../people/qassem-soleimani/index.html">Soleimani, Qassem</a> <span class="count">(1)' in people
    assert check_site(site) == []


def test_pages_of_one_list_hold_their_page_links_lazily_instead_of_each_holding_a_list() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1)) for n in range(7)]
    home = [p for p in site_pages(SitePages(Config(page_size=2), items)) if p.template == "list.html"
            and p.context.get("kind") == "home"]
    links = [p.context["pagination"].pages for p in home]
    # A list of every link on each page would grow as pages squared; a PageLinks holds two numbers.
    assert all(type(each) is PageLinks and not hasattr(each, "__dict__") and each == links[0] for each in links)
    assert list(links[0]) == [PageLink(1, "index.html"), PageLink(2, "page/2/index.html"),
                              PageLink(3, "page/3/index.html"), PageLink(4, "page/4/index.html")]
    assert links[0][-1] == PageLink(4, "page/4/index.html") and links[0][1:3] == list(links[0])[1:3]
    assert [p.path for p in home] == [link.url for link in links[0]]


def test_every_tag_and_entity_has_a_feed_of_its_newest_20_linked_from_its_page(tmp_path: Path) -> None:
    items = [article(f"s{n:02d}", dt.date(2020, 1, n + 1), people=("Ali Khamenei",), tags=("Oil",))
             for n in range(25)]
    pages = {p.path: p for p in site_pages(SitePages(Config(), items))}
    feed = pages["people/ali-khamenei/feed.xml"].context
    assert [e.link for e in feed["entries"]] == [f"../../world/s{n:02d}/" for n in range(24, 4, -1)]
    assert feed["home"] == "../../people/ali-khamenei/"
    assert len(pages["tags/oil/feed.xml"].context["entries"]) == 20
    assert pages["tags/oil/index.html"].context["feed"] == "tags/oil/feed.xml"
    assert pages["tags/oil/page/2/index.html"].context["feed"] == "tags/oil/feed.xml"


def test_sitemap_is_an_index_of_files_of_at_most_limit_urls_with_lastmod_from_the_article() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1)) for n in range(3)]
    builder = SitePages(Config(base_url="https://example.org/news/"), items)
    paths = [a.url for a in builder.articles] + ["index.html", "world/index.html"]
    pages = {p.path: p for p in sitemap_pages(builder, paths, limit=2)}
    assert sorted(pages) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    assert pages["sitemap.xml"].context["sitemaps"] == (
        SitemapEntry("https://example.org/news/sitemap-1.xml", None),
        SitemapEntry("https://example.org/news/sitemap-2.xml", "2020-01-02"),
        SitemapEntry("https://example.org/news/sitemap-3.xml", "2020-01-03"))
    urls = [u for n in (1, 2, 3) for u in pages[f"sitemap-{n}.xml"].context["urls"]]
    assert len(urls) == 5 and all(len(pages[f"sitemap-{n}.xml"].context["urls"]) <= 2 for n in (1, 2, 3))
    assert SitemapEntry("https://example.org/news/world/s0/", "2020-01-01") in urls
    assert list(sitemap_pages(SitePages(Config(), items), paths)) == []


def _slugs(kind: str, names: list[str]) -> dict[str, str]:
    items = [article(f"a{n}", tags=(name,)) if kind == "tags" else article(f"a{n}", people=(name,))
             for n, name in enumerate(names)]
    return {t.name: t.slug for t in collect_terms(items, kind)}


def test_tags_whose_slugs_meet_get_distinct_urls() -> None:
    """'b 3' and 'b!' both became tags/b-3/ (the -N fallback collided)."""
    slugs = _slugs("tags", ["a", "b", "b 3", "b!", "B 3!", "b-3"])
    assert len(set(slugs.values())) == len(slugs) == 6
    assert (slugs["a"], slugs["b"], slugs["b 3"]) == ("a", "b", "b-3")  # each reads like its slug
    assert slugs["b!"].startswith("b--") and slugs["B 3!"].startswith("b-3--") and slugs["b-3"].startswith("b-3--")


def test_a_term_url_does_not_move_when_an_unrelated_term_is_added() -> None:
    """Adding an unrelated place moved places/sao-paulo-1/ to -2/."""
    before = _slugs("places", ["São Paulo", "Sao Paulo!", "Lima"])
    after = _slugs("places", ["São Paulo", "Sao Paulo!", "Lima", "Bogotá", "Quito", "Cusco"])
    assert {name: after[name] for name in before} == before


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12) \
    .map(str.strip).filter(bool)


@given(st.lists(NAMES, max_size=12), st.lists(NAMES, max_size=6))
def test_term_slugs_are_unique_and_depend_only_on_names_that_share_them(names: list[str], more: list[str]) -> None:
    """Every term gets its own slug; adding names leaves the slug of every name alone
    unless an added name has the same plain slug (then only the rule between those
    names, by their names alone, decides who keeps it plain)."""
    slugs = term_slugs({n.casefold() for n in names}, "places")
    assert len(set(slugs.values())) == len(slugs)
    combined = term_slugs({n.casefold() for n in names + more}, "places")
    assert len(set(combined.values())) == len(combined)
    added_bases = {make_slug(m.casefold(), f"places:{m.casefold()}", prefix="place") for m in more}
    for key, slug in slugs.items():
        if make_slug(key, f"places:{key}", prefix="place") not in added_bases:
            assert combined[key] == slug
    assert term_slugs(list(reversed(list(slugs))), "places") == slugs  # order plays no part


def test_entities_below_the_threshold_are_text_but_still_filters(project: Path) -> None:
    assert main(["ingest"]) == 0
    assert main(["build"]) == 0  # entity_min_articles = 2 by default; the seed site has one article
    site = project / "public"
    assert not (site / "people").exists() and not (site / "places").exists()
    article_html = (site / "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html").read_text()
    assert '<span data-pagefind-filter="people">Qassem Soleimani</span>' in article_html
    assert "people/qassem-soleimani" not in article_html
    assert check_site(site) == []


def test_entity_min_articles_decides_which_entities_get_pages() -> None:
    items = [article("a", dt.date(2020, 1, 1), people=("Ali Khamenei", "Donald Trump")),
             article("b", dt.date(2020, 1, 2), people=("Ali Khamenei",))]
    for minimum, expected in ((1, {"ali-khamenei", "donald-trump"}), (2, {"ali-khamenei"}), (3, set())):
        pages = {p.path for p in site_pages(SitePages(Config(entity_min_articles=minimum), items))}
        assert {p.split("/")[1] for p in pages if p.startswith("people/") and p != "people/index.html"} == expected
    builder = SitePages(Config(), items)
    teaser = builder.teaser(builder.articles[1])  # article "a"
    assert teaser.entities["people"] == (Link("Ali Khamenei", "people/ali-khamenei/index.html"),
                                         Link("Donald Trump", None))
    assert set(builder.search_filters()["people"]) == {"Ali Khamenei", "Donald Trump"}  # still a filter


def test_an_acronym_and_its_expansion_share_one_page() -> None:
    def org_article(slug: str, day: int, *refs: EntityRef) -> Article:
        return Article(title=slug, slug=slug, section="World", section_slug="world", body="",
                       source_path=f"world/{slug}.md", date=dt.date(2020, 1, day), organizations=refs)

    items = [org_article("a", 1, EntityRef("European Central Bank", ("ECB",))), org_article("b", 2, EntityRef("ECB")),
             org_article("c", 3, EntityRef("ECB"))]
    builder = SitePages(Config(), items)
    (term,) = builder.terms["organizations"]
    assert (term.name, term.aliases, len(term.articles)) == ("European Central Bank", ("ECB",), 3)
    page = next(p for p in site_pages(builder) if p.path == "organizations/european-central-bank/index.html")
    assert page.context["term"].aliases == ("ECB",)  # shown on the entity page
    teaser = builder.teaser(builder.articles[0])  # article "c" names it "ECB"
    assert teaser.entities["organizations"] == (Link("European Central Bank",
                                                     "organizations/european-central-bank/index.html"),)


def test_story_cards_keep_the_front_matter_order() -> None:
    # Ingest writes names most salient first and editors may reorder them: cards keep that order.
    items = [article("a", dt.date(2020, 1, 1), people=("Zed Zulu", "Amy Alpha", "Max Mid", "Bob Beta")),
             article("b", dt.date(2020, 1, 2), people=("Zed Zulu", "Amy Alpha", "Max Mid", "Bob Beta"))]
    teaser = SitePages(Config(), items).teaser(items[0])
    assert [e.name for e in teaser.entities["people"]] == ["Zed Zulu", "Amy Alpha", "Max Mid", "Bob Beta"]


def test_the_document_title_names_the_page_then_the_site_once() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1)) for n in range(3)]
    pages = {p.path: p.context for p in site_pages(SitePages(Config(title="World", page_size=2), items))}
    assert pages["index.html"]["document_title"] == "Latest briefings · World"
    assert pages["page/2/index.html"]["document_title"] == "Latest briefings (page 2 of 2) · World"
    assert pages["world/s0/index.html"]["document_title"] == "S0 · World"
    assert pages["404.html"]["document_title"] == "Page not found · World"
    assert pages["world/index.html"]["document_title"] == "World"  # a section named as the site: said once


def test_only_the_first_home_page_leads_with_a_large_story() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1), people=("Ali Khamenei",)) for n in range(3)]
    pages = site_pages(SitePages(Config(page_size=2, entity_min_articles=1), items))
    leading = sorted(p.path for p in pages if p.context.get("lead_first"))
    assert leading == ["index.html"]  # not page 2, sections, archive months or term pages


def test_a_related_entity_counts_its_shared_articles_in_words() -> None:
    items = [article("a", dt.date(2020, 1, 1), people=("Ali Khamenei", "Donald Trump")),
             article("b", dt.date(2020, 1, 2), people=("Ali Khamenei", "Joe Biden")),
             article("c", dt.date(2020, 1, 3), people=("Ali Khamenei", "Joe Biden"))]
    pages = {p.path: p.context for p in site_pages(SitePages(Config(entity_min_articles=1), items))}
    related = pages["people/ali-khamenei/index.html"]["related"]
    assert [(r.name, r.count_text) for r in related] == [("Joe Biden", "2 articles"), ("Donald Trump", "1 article")]


def test_link_previews_get_an_absolute_picture_address_only_where_the_site_knows_its_own() -> None:
    items = [article("pictured", dt.date(2020, 1, 1)), article("plain", dt.date(2020, 1, 2))]
    images = {items[0].url: ImageView("assets/images/abc.png", "A picture", 640, 480)}
    for base_url, expected in (("https://example.org/news/", "https://example.org/news/assets/images/abc.png"),
                               ("", "../../assets/images/abc.png")):
        site = SitePages(Config(base_url=base_url), items, extras=PageExtras(images=images))
        pages = {p.path: p.context for p in site_pages(site)}
        assert pages["world/pictured/index.html"]["share_image"] == expected
        assert pages["world/plain/index.html"]["share_image"] is None


def test_the_article_pages_come_first_so_the_search_index_can_start_on_them() -> None:
    items = [article(f"s{n}", dt.date(2020, 1, n + 1), people=("Ali Khamenei",), tags=("Iran",)) for n in range(5)]
    builder = SitePages(Config(page_size=2, base_url="https://example.org/"), items)
    first = [p.path for group in stage_groups(builder, ARTICLES) for p in group.make()]
    rest = [p.path for group in stage_groups(builder, LISTS) for p in group.make()]
    assert sorted(first) == sorted(a.url for a in items)
    assert not set(first) & set(rest) and "index.html" in rest and "people/ali-khamenei/index.html" in rest
    pages = [p.path for p in site_pages(builder)]
    assert pages[:len(first) + len(rest)] == first + rest
    assert pages[len(first) + len(rest):] == ["sitemap-1.xml", "sitemap.xml", "404.html", "robots.txt"]
    sitemap = next(p for p in site_pages(builder) if p.path == "sitemap-1.xml")
    listed = {entry.loc for entry in sitemap.context["urls"]}
    assert {"https://example.org/world/s0/", "https://example.org/"} <= listed  # from both parts


def test_a_name_is_written_as_most_articles_write_it_not_as_the_newest_does() -> None:
    """A day's new story writing "Trade" must not rename the tag "trade" of hundreds of
    older articles on every page that shows it."""
    older = [article(f"s{n}", dt.date(2020, 1, n + 1), tags=("trade",), people=("ALI KHAMENEI",)) for n in range(3)]
    newest = article("new", dt.date(2021, 1, 1), tags=("Trade",), people=("Ali Khamenei",))
    builder = SitePages(Config(entity_min_articles=1), [*older, newest])
    assert [t.name for t in builder.terms["tags"]] == ["trade"]
    assert [t.name for t in builder.terms["people"]] == ["ALI KHAMENEI"]
    tie = SitePages(Config(), [older[0], newest])
    assert [t.name for t in tie.terms["tags"]] == ["Trade"]  # as many each way: as the newest writes it


def test_the_listing_digest_follows_every_field_a_list_may_show_and_the_facts_key_only_names_and_order() -> None:
    base = Article(title="Oil", slug="oil", section="World", section_slug="world", body="Body.",
                   source_path="world/oil.md", date=dt.date(2020, 1, 2), tags=("Energy",),
                   people=(EntityRef("Ann Lee"),))
    other = Article(title="Gas", slug="gas", section="World", section_slug="world", body="",
                    source_path="world/gas.md", date=dt.date(2020, 1, 1))
    before = archive_keys([base, other])
    listed = {"title": "Oil prices", "summary": "A summary.", "draft": True, "source_path": "world/x.md",
              "aliases": ("old/oil.html",), "section": "Business", "author": "A. Writer"}
    for name, value in listed.items():
        after = archive_keys([dataclasses.replace(base, **{name: value}), other])
        assert after.listing_key != before.listing_key, name
        assert after.facts_key == before.facts_key, name
    for name, value in {"body": "Another body.", "caption": "A caption.", "source_url": "https://x.test/"}.items():
        after = archive_keys([dataclasses.replace(base, **{name: value}), other])
        assert (after.listing_key, after.facts_key) == (before.listing_key, before.facts_key), name
    for changed in ([dataclasses.replace(base, tags=("Oil",)), other],
                    [dataclasses.replace(base, people=(EntityRef("Ann Lee", ("Lee",)),)), other], [other, base]):
        after = archive_keys(changed)
        assert after.facts_key != before.facts_key and after.listing_key != before.listing_key
    # What lists show of an article is worked out once, here, and SitePages' digests use it.
    builder = SitePages(Config(), [base, other], extras=PageExtras(listed_texts=before.listed_texts))
    assert builder.item(base) == SitePages(Config(), [base, other]).item(base)
