"""Hand-edited content pages break in new ways: each problem is named with file and line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content import read as content
from site_builder.content.frontmatter import ContentPage

GOOD = "---\ntitle: Good page\nsection: World\nslug: good-page\n---\n\nBody.\n"


def write(project: Path, rel: str, text: str) -> None:
    path = project / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(project: Path, capsys, *extra: str) -> tuple[int, str]:
    write(project, "world/good-page.md", GOOD)
    status = main(["build", "--no-search", *extra])
    captured = capsys.readouterr()
    return status, captured.err + captured.out


@pytest.mark.parametrize("text, where, message", [
    ("---\ntitle: x\ntags: [a, b\nslug: x\n---\n", "bad.md:4", "front matter is not valid YAML"),
    ("---\ntitle: x\nevil: !!python/object/apply:os.system [echo hacked]\n---\n", "bad.md:3",
     "YAML tags that build objects (like !!python/...) are not allowed"),
    ("---\nsection: World\n---\nNo title.\n", "bad.md:1", "the page has no 'title'"),
    ("---\ntitle: [a, list]\n---\n", "bad.md:2", "the page has no 'title'"),
    ("---\ntitle: Escape\nslug: ../../etc/x\n---\n", "bad.md:3", "may hold only lower-case letters"),
    ("---\ntitle: Absolute\nslug: /etc/passwd\n---\n", "bad.md:3", "may hold only lower-case letters"),
    ("title: no delimiters\n", "bad.md:1", "must start with a '---' line"),
    ("---\ntitle: never closed\n", "bad.md:1", "never closed"),
    ("---\n- just\n- a list\n---\n", "bad.md:2", "front matter must be a mapping"),
    ("---\ntitle: x\ncount: !!int abc\n---\n", "bad.md:3", "cannot read the value 'abc'"),
])
def test_broken_page_is_skipped_with_file_and_line(project: Path, capsys, text: str, where: str,
                                                   message: str) -> None:
    write(project, "world/bad.md", text)
    status, err = build(project, capsys)
    assert status == 1
    pattern = f"error: world/{re.escape(where)}: [^\n]*{re.escape(message)}[^\n]*; the page is skipped"
    assert re.search(pattern, err), err
    assert (project / "public/world/good-page/index.html").is_file()
    assert "1 content page skipped" in err


def test_wrong_types_are_warnings_that_keep_the_page(project: Path, capsys) -> None:
    write(project, "world/typed.md", "---\ntitle: Typed\nslug: typed\ntags: Iraq, Iran\ndate: yesterday\n---\n")
    status, err = build(project, capsys)
    assert status == 0
    assert "warning: world/typed.md:4: 'tags' should be a list" in err
    assert "warning: world/typed.md:5: the date 'yesterday' is not a date" in err
    site = project / "public"
    assert (site / "tags/iraq/index.html").is_file() and (site / "tags/iran/index.html").is_file()
    assert "Undated" in (site / "world/typed/index.html").read_text()


def test_strict_fails_on_warnings_and_writes_nothing(project: Path, capsys) -> None:
    write(project, "world/typed.md", "---\ntitle: Typed\nslug: typed\ndate: yesterday\n---\n")
    status, err = build(project, capsys, "--strict")
    assert status == 2
    assert "warning: world/typed.md:4" in err and "--strict is on; nothing was written" in err
    assert not (project / "public").exists()


def test_an_unknown_key_is_a_warning_with_its_line_and_the_closest_known_key(project: Path, capsys) -> None:
    write(project, "world/typo.md", "---\ntitle: Typo\nslug: typo\nsumary: What it is about\ncolour: red\n---\n")
    status, err = build(project, capsys)
    assert status == 0
    assert ("warning: world/typo.md:4: 'sumary' is not a front-matter key site-builder reads, so it is ignored; "
            "did you mean 'summary'?\n") in err
    colour = next(line for line in err.splitlines() if "world/typo.md:5:" in line)
    assert "'colour' is not a front-matter key" in colour and "did you mean" not in colour
    assert (project / "public/world/typo/index.html").is_file()


def test_an_unknown_key_fails_a_strict_build(project: Path, capsys) -> None:
    write(project, "world/typo.md", "---\ntitle: Typo\nslug: typo\nsumary: What it is about\n---\n")
    status, err = build(project, capsys, "--strict")
    assert status == 2
    assert "warning: world/typo.md:4: 'sumary'" in err and "--strict is on; nothing was written" in err
    assert not (project / "public").exists()


def test_every_key_ingest_writes_is_a_key_the_reader_knows(project: Path, capsys) -> None:
    """Ingest and the reader name the keys apart: a page ingest wrote with every field must
    build under --strict without a word about its keys."""
    (project / "seeds/full.txt").write_text(
        "Date: 2024-05-06\nAuthor: A. Writer\nTags: Energy\nSlug: full-page\nSource URL: https://example.org/a\n\n"
        "World\n\nTalks resume in Geneva on Monday\n\nEnvoys met again.\n\nEnvoys return to the table in Geneva\n\n"
        "Envoys arrive. (Jane Doe/Agency)\n\nThe talks resumed in Geneva with Angela Merkel.\n", encoding="utf-8")
    assert main(["ingest"]) == 0
    page = (project / "content/world/full-page.md").read_text(encoding="utf-8")
    assert all(f"\n{key}:" in page for key in ("date", "author", "subheadline", "caption", "credit", "source_url"))
    status, err = build(project, capsys, "--strict")
    assert status == 0, err
    assert "front-matter key" not in err


class _KeysRead(dict):  # type: ignore[type-arg]
    """Front matter that notes every key read from it."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        self.read.add(key)
        return super().__getitem__(key)


def test_the_known_keys_are_exactly_the_keys_the_reader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """FRONT_MATTER_KEYS cannot drift from read_article: a key it reads but does not list
    would be warned about as unknown, a key it lists but never reads would be silently ignored."""
    meta = _KeysRead({"title": "A page", "slug": "a-page", "date": "2024-05-06"})
    monkeypatch.setattr(content, "parse_page", lambda text: ContentPage(meta=meta, body="Body.\n"))
    article, problems = content.read_article("world/a-page.md", "---\ntitle: A page\n---\n\nBody.\n")
    assert article is not None and problems == []
    assert meta.read == set(content.FRONT_MATTER_KEYS)


def test_strict_lists_every_problem_at_once(project: Path, capsys) -> None:
    write(project, "world/a.md", "---\ntitle: A\nslug: ../a\n---\n")
    write(project, "world/b.md", "---\nslug: b\n---\n")
    status, err = build(project, capsys, "--strict")
    assert status == 2
    assert "world/a.md:3" in err and "world/b.md:1" in err


def test_duplicate_slugs_keep_the_first_and_name_both(project: Path, capsys) -> None:
    write(project, "world/copy.md", GOOD.replace("Good page", "Copy"))
    status, err = build(project, capsys)
    assert status == 1
    assert "error: world/good-page.md:4: the slug 'good-page' in section 'World' is already used by " \
           "world/copy.md" in err
    assert "<h1>Copy</h1>" in (project / "public/world/good-page/index.html").read_text()


def test_non_utf8_page_is_skipped(project: Path, capsys) -> None:
    (project / "content/world").mkdir(parents=True)
    (project / "content/world/latin.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    status, err = build(project, capsys)
    assert status == 1 and "world/latin.md: the page is not UTF-8" in err


XML_FORBIDDEN_PAGE = ('---\ntitle: "Bad\\x01 chars\\x1b in\\uFFFF title"\nslug: bad-chars\nsection: World\n'
                      'date: 2020-01-02\nsummary: "Sum\\uFFFEmary"\ntags: ["Ta\\x0bg"]\n---\n\nBody \x01 text.\n')


def _feed_and_sitemap_parse(site: Path) -> list[str]:
    ns = "{http://www.w3.org/2005/Atom}"
    sitemaps = [ET.parse(p).getroot() for p in sorted(site.glob("sitemap*.xml"))]
    assert sitemaps
    return [e.findtext(f"{ns}title") or "" for e in ET.parse(site / "feed.xml").getroot().iter(f"{ns}entry")]


def test_characters_xml_forbids_are_left_out_of_front_matter_with_a_warning(project: Path, capsys) -> None:
    """A title with U+0001, U+001B and U+FFFF made a feed no reader could parse."""
    (project / "site.toml").write_text('base_url = "https://news.example.org/"\n')
    write(project, "world/bad-chars.md", XML_FORBIDDEN_PAGE)
    status, err = build(project, capsys)
    assert status == 0
    assert "warning: world/bad-chars.md:2: 'title' holds characters XML does not allow " \
           "(U+0001, U+001B, U+FFFF); they are left out" in err
    assert "world/bad-chars.md:6: 'summary'" in err and "world/bad-chars.md:7: 'tags'" in err
    assert "world/bad-chars.md:10: the body holds characters XML does not allow (U+0001)" in err
    assert "Bad chars in title" in _feed_and_sitemap_parse(project / "public")
    html = (project / "public/world/bad-chars/index.html").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", html)
    (project / "content/world/bad-chars.md").unlink()
    assert build(project, capsys, "--strict")[0] == 0  # the rest of the site is fine under --strict


def test_strict_refuses_characters_xml_forbids(project: Path, capsys) -> None:
    write(project, "world/bad-chars.md", XML_FORBIDDEN_PAGE)
    status, err = build(project, capsys, "--strict")
    assert status == 2 and "world/bad-chars.md:2: 'title' holds characters XML does not allow" in err
    assert not (project / "public").exists()


def test_ingest_leaves_out_characters_xml_forbids_so_strict_builds_pass(project: Path, capsys) -> None:
    (project / "site.toml").write_text('base_url = "https://news.example.org/"\n')
    (project / "seeds/bad.txt").write_text("Date: 2020-01-04\n\n"  # dated: feeds list only dated articles
                                           "World\n\nBad\x01 chars\x1b in\uffff headline\n\nSum\ufffemary.\n\n"
                                           "Body\x0b text.\n", encoding="utf-8")
    assert main(["ingest"]) == 0
    status, err = build(project, capsys, "--strict")
    assert status == 0, err
    assert "Bad chars in headline" in _feed_and_sitemap_parse(project / "public")


def test_content_page_names_with_control_characters_are_printed_escaped(project: Path, capsys) -> None:
    (project / "content/world").mkdir(parents=True)
    (project / "content/world/bad\x1b[2J.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "error: world/bad\\x1b[2J.md:3: front matter is not valid YAML" in err and "\x1b" not in err


def test_a_key_given_twice_in_front_matter_is_a_warning_with_its_line(project: Path, capsys) -> None:
    (project / "content/world").mkdir(parents=True)
    (project / "content/world/twice.md").write_text(
        "---\ntitle: First title\nsection: World\ntitle: Second title\npeople:\n- name: Ann Lee\n"
        "  aliases: [Lee]\n  name: Bo Lee\n---\n\nText.\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "warning: world/twice.md:4: the key 'title' is given again here; only this last value is used: " \
           "remove the earlier one" in err
    assert "warning: world/twice.md:8: the key 'name' is given again here" in err
    assert main(["build", "--no-search", "--strict"]) == 2


@pytest.mark.parametrize("folder, section", [("\x1b[31mworld", "[31Mworld"), ("\x07", "News"),
                                             ("sport\ufffe", "Sport")])
def test_a_section_named_by_a_folder_holding_characters_xml_forbids_leaves_them_out(folder: str,
                                                                                    section: str) -> None:
    # The folder names the section when the page names none: its feed must still be XML,
    # and the article one the build cache takes back.
    article, problems = content.read_article(f"{folder}/a.md", "---\ntitle: A\n---\n\nBody.\n")
    assert article is not None and article.section == section
    assert content.broken_rule(article) is None
    assert [(p.path, p.line, p.message) for p in problems] == [
        (f"{folder}/a.md", None, f"the folder name {folder!r} holds characters XML does not allow, which are left out "
        "of the section it names")]


@pytest.mark.parametrize("character", ["\x9b", "\x7f", "\ufffe"])
def test_a_character_yaml_refuses_in_front_matter_is_one_line_naming_its_line(character: str) -> None:
    # A message over two lines was also refused by the build cache, so every build re-read the page.
    article, problems = content.read_article("world/a.md", f"---\nslug: a\ntitle: A{character}B\n---\n\nBody.\n")
    assert article is None
    assert [(p.line, "\n" in p.message, p.message.startswith("front matter is not valid YAML")) for p in problems] \
        == [(3, False, True)]
