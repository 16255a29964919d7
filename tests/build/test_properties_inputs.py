"""Whatever a user writes — front matter, site.toml, seed files, JSON Lines for
`site-builder entities` — the command never exits 70 (which means a bug in
site-builder), never prints a traceback, and a refusal names the file at fault.

Each property runs the real command line (`cli.main`) in this process on a small
project made for the example. By default each walks a fixed, bounded set of
examples; SITE_BUILDER_PROPERTIES=thorough explores many more (see
site_fixtures.property_settings)."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given, note
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.core.config import Config
from site_fixtures import property_settings

GOOD_PAGE = ("---\ntitle: A good page\nslug: a-good-page\nsection: World\ndate: 2021-03-04\n"
             "tags: [Tag a]\npeople: [Ann Other]\n---\n\nA body.\n")
GOOD_SEED = Path(__file__).resolve().parents[2].joinpath("seeds/000_d516c940b5b60795.txt").read_text(
    encoding="utf-8")

@contextmanager
def project_folder() -> Iterator[Path]:
    """An empty project folder, made the working directory (the command reads site.toml there)."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(before)


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """The command run in this process: (exit status, stdout, stderr). An exception
    out of `main` fails the test, as it would print a traceback."""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exc:  # argparse's own refusals
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved_stdin
    return status, out.getvalue(), err.getvalue()


def assert_no_bug(status: int, err: str) -> None:
    assert status != 70, f"exit 70 (a bug): {err}"
    assert "Traceback" not in err and "unexpectedly" not in err, err
    assert status in (0, 1, 2), f"exit {status}: {err}"


# --- values of every odd kind ------------------------------------------------------------

# Text with what breaks parsers and XML: control characters, NUL, lone surrogates are
# left out (YAML and TOML cannot carry them; the files are written as UTF-8).
ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from([
    "", " ", "\x00", "\x07bell", "\x1b[31mred", "tab\there", "line\nbreak", "\u2028", "\ufeff", "\u202eevil",
    "é" * 3, "🔥", "<script>alert(1)</script>", "]]>", "&amp;", "../../etc/passwd", "/abs", "con", "NUL.txt",
    "a" * 300, "---", "...", "{{ 7 * 7 }}", "https://example.org/", "javascript:alert(1)",
])
SCALARS = st.one_of(ODD_TEXT, st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
                    st.booleans(), st.none(), st.dates(), st.datetimes())
ODD_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) |
                          st.dictionaries(ODD_TEXT | st.integers(), inner, max_size=3), max_leaves=8)

FRONT_MATTER_KEYS = ("title", "section", "slug", "date", "source_url", "people", "organizations", "places",
                     "image", "image_alt", "author", "summary", "subheadline", "caption", "credit", "tags",
                     "source", "draft", "aliases")
PLAUSIBLE = {
    "title": st.just("A title") | ODD_TEXT, "slug": st.sampled_from(["a-slug", "UPPER", "a/b", "..", "", "é"]),
    "section": st.sampled_from(["World", "Sport", "", "a/b", "..", "CON"]) | ODD_TEXT,
    "date": st.sampled_from(["2021-01-02", "1970-01-01", "2021-02-30", "0001-01-01", "9999-12-31T23:59:59Z",
                             "2021-01-02T10:00:00+14:00", "yesterday", "-1"]) | st.dates() | st.datetimes(),
    "tags": st.lists(ODD_TEXT, max_size=4), "people": st.lists(ODD_TEXT | st.fixed_dictionaries(
        {"name": ODD_TEXT, "aliases": st.lists(ODD_TEXT, max_size=2)}), max_size=3),
    "aliases": st.lists(st.sampled_from(["old/", "/old.html", "", "../x/", "a//b/", "index.html", "feed.xml",
                                         "tags/", "%2e%2e/", "con/"]) | ODD_TEXT, max_size=3),
    "image": st.sampled_from(["photo.png", "/photo.png", "missing.png", "../photo.png", "photo.txt"]) | ODD_TEXT,
    "draft": st.sampled_from([True, False, "yes", "no", 0, 1]),
}


def _key_strategy(key: str) -> st.SearchStrategy[Any]:
    return PLAUSIBLE.get(key, st.nothing()) | ODD_VALUES


FRONT_MATTER = st.dictionaries(st.sampled_from(FRONT_MATTER_KEYS), st.just(None), max_size=8).flatmap(
    lambda keys: st.fixed_dictionaries({key: _key_strategy(key) for key in keys})) | \
    st.dictionaries(ODD_TEXT | st.integers(), ODD_VALUES, max_size=4)


def _yaml(meta: dict[Any, Any], duplicate: str | None, flow: bool) -> str:
    text = yaml.safe_dump(meta, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=60)
    if duplicate is not None:
        text += f"{duplicate}: again\n"
    return text


RAW_FRONT_MATTER = st.sampled_from([
    "title: [unclosed\n", "title: 'a\n", ": no key\n", "- a list\n- not a mapping\n", "just text\n",
    "title: !!python/object:os.system x\n", "date: !!int abc\n", "a: &x [*x]\n", "title: *nowhere\n",
    "<<: {title: merged}\n", "? [a, b]\n: complex key\n", "title: a\ttab\n", "\ttitle: indented by a tab\n",
    "title: \x00nul\n", "title: \x85next line\n", "%YAML 9.9\n---\ntitle: x\n", "", "---\n", "...\n",
    "date: 2021-13-45\n", "date: 99999-01-01\n", "date: 1e400\n", "tags: {a: 1}\n", "draft: ~\n",
    "aliases: 7\n", "people: [{name: [1, 2]}]\n", "image: {a: b}\n", "slug: " + "x" * 400 + "\n",
]) | st.text(max_size=80)


@st.composite
def content_pages(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        meta = draw(FRONT_MATTER)
        duplicate = draw(st.none() | st.sampled_from(["title", "slug", "tags"]))
        try:
            front = _yaml(meta, duplicate, draw(st.booleans()))
        except yaml.YAMLError:
            assume(False)
            raise
    else:
        front = draw(RAW_FRONT_MATTER)
    body = draw(st.sampled_from(["Body.\n", "", "---\n", "# Heading\n\n[link](javascript:x)\n", "\x00\n"]))
    opening = draw(st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "--- \n"]))
    return f"{opening}{front}---\n\n{body}"


@property_settings(ci_examples=30, thorough_examples=2000)
@given(content_pages(), st.sampled_from(["world/page.md", "page.md", "a b/ünï.md"]))
def test_any_front_matter_is_built_or_refused_with_its_file_never_a_bug(page: str, name: str) -> None:
    note(repr(page))
    with project_folder() as project:
        (project / "content/world").mkdir(parents=True)
        (project / "content/world/good.md").write_text(GOOD_PAGE, encoding="utf-8")
        (project / "content/world/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 4 + b"IHDR" +
                                                          (1).to_bytes(4, "big") * 2)
        target = project / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8", newline="")
        status, _out, err = run(["build", "--no-search", "-j", "1"])
        assert_no_bug(status, err)
        if status != 0:
            assert name.rsplit("/", 1)[-1] in err, err  # the page at fault is named
        assert (project / "public/world/a-good-page/index.html").is_file() or status == 2
        strict, _out, strict_err = run(["build", "--no-search", "-j", "1", "--strict", "--out", "strict"])
        assert_no_bug(strict, strict_err)


# --- site.toml --------------------------------------------------------------------------

def _toml_string(value: str) -> str:
    """A TOML basic string: every character TOML forbids in one is escaped."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return value.isoformat()  # dates and datetimes


CONFIG_KEYS = tuple(name for name in Config.__dataclass_fields__ if name != "root")
# Path settings are kept inside the example's own folder: a property must not write
# elsewhere on the machine (refusing dangerous folders is tested in test_build.py).
PATH_KEYS = ("seeds", "content", "output", "templates", "static", "theme")
SAFE_PATHS = st.sampled_from(["", ".", "content", "public", "site", "site.toml", "a/../public", "nul", "CON",
                              "out put", "ünï", "static", "templates", "themes/default", "default", "no-such"])
TOML_SCALARS = st.one_of(ODD_TEXT, st.integers(-(2**63), 2**63 - 1), st.floats(), st.booleans(), st.dates(),
                         st.datetimes(), st.times())
TOML_VALUES = st.recursive(TOML_SCALARS, lambda inner: st.lists(inner, max_size=3) |
                           st.dictionaries(ODD_TEXT, inner, max_size=2), max_leaves=6)
CONFIG_PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "base_url": st.sampled_from(["https://example.org/news/", "http://x", "https://", "ftp://example.org/",
                                 "https://exa mple.org/", "https://example.org/?q=1", "https://[::1/",
                                 "https://example.org:99999/", "https://example.org:abc/", "//example.org/",
                                 "https://user@example.org/", "HTTPS://EXAMPLE.ORG", "https://é.example/",
                                 "https://example.org/\x7f", "https://example.org/%zz/"]),
    "language": st.sampled_from(["en", "pt-BR", "zh-Hant-TW", "EN", "x", "en_US", "../en", "en-"]),
    "page_size": st.integers(-5, 1005) | st.sampled_from([0, 1, 1000, 1001, 2**63 - 1]),
    "entity_min_articles": st.integers(-3, 5),
    # An entity command is run by ingest: only programs that cannot do harm.
    "entity_command": st.sampled_from([[], [""], [" "], ["no-such-program-site-builder"], ["false"], ["true"]]),
    "tag_vocabulary": st.lists(ODD_TEXT, max_size=3),
    "auto_tags": st.booleans(),
}


def _config_value(key: str) -> st.SearchStrategy[Any]:
    if key in PATH_KEYS:
        return SAFE_PATHS | st.integers() | st.lists(SAFE_PATHS, max_size=2)
    if key == "entity_command":
        return CONFIG_PLAUSIBLE[key] | st.integers() | st.booleans()
    return CONFIG_PLAUSIBLE.get(key, st.nothing()) | TOML_VALUES


@st.composite
def site_tomls(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(CONFIG_KEYS), max_size=6, unique=True))
    lines = [f"{key} = {_toml_value(draw(_config_value(key)))}" for key in keys]
    if draw(st.booleans()):
        lines.append(f"{draw(st.sampled_from(['titel', 'pagesize', 'x', 'Title', 'base-url']))} = "
                     f"{_toml_value(draw(TOML_SCALARS))}")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["[table]\ntitle = 'in a table'", "title = 'twice'", "= 1", "title =",
                                           "title = 'unclosed", "title = \"\x01\"", "[[array]]", "\x00",
                                           "title = \"\"\"multi\nline\"\"\"", "page_size = 1_000",
                                           "page_size = 0x10", "page_size = +5", "a.b = 1"])))
    return "\n".join(draw(st.permutations(lines))) + draw(st.sampled_from(["\n", "", "\r\n"]))


@property_settings(ci_examples=60, thorough_examples=2000)
@given(site_tomls())
def test_any_site_toml_is_used_or_refused_with_its_file_never_a_bug(text: str) -> None:
    note(text)
    with project_folder() as project:
        (project / "content/world").mkdir(parents=True)
        (project / "content/world/good.md").write_text(GOOD_PAGE, encoding="utf-8")
        (project / "site.toml").write_text(text, encoding="utf-8", newline="")
        status, _out, err = run(["build", "--no-search", "-j", "1"])
        assert_no_bug(status, err)
        if status == 2:
            assert "site.toml" in err or "folder" in err, err  # the file, or the folder it names, is said
        check, _out, check_err = run(["check"])
        assert_no_bug(check, check_err)
        if status == 0:
            assert check == 0, check_err  # a site built from any settings is whole


# --- seed files ---------------------------------------------------------------------------

SEED_LINES = st.sampled_from([
    "Date: 2021-01-02", "Date: 1970-01-01", "Date: 2021-02-30", "Date: tomorrow", "Date: 10000-01-01",
    "Author: A. Writer", "Tags: a, b, , c", "Tags:", "Slug: a/b", "Slug: ..", "Slug: CON", "Section: Sport",
    "Source URL: javascript:alert(1)", "Source URL: https://example.org/a", "Unknown: value", "date: 2021-01-02",
]) | ODD_TEXT.map(lambda text: text.replace("\n", " "))
SEED_BLOCKS = st.sampled_from(["World", "Sport", "", "A headline", "A summary.", "A sub-headline",
                               "A caption. (Ann Other/Agency)", "(a/b)", "Body paragraph.", "…", "—", "🔥🚀",
                               "x" * 500, "\x00", "\ufeff", "a\u2028b", "\r"]) | ODD_TEXT


@st.composite
def seed_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["structured", "mutated", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "mutated":
        data = bytearray(GOOD_SEED.encode("utf-8")[:1500])
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(data)))
            data[at:at + draw(st.integers(0, 40))] = draw(st.binary(max_size=8))
        return bytes(data)
    metadata = draw(st.lists(SEED_LINES, max_size=4))
    blocks = draw(st.lists(SEED_BLOCKS, min_size=0, max_size=7))
    text = ("\n".join(metadata) + "\n\n" if metadata else "") + "\n\n".join(blocks) + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@property_settings(ci_examples=20, thorough_examples=1500)
@given(seed_files())
def test_any_seed_is_ingested_or_refused_with_its_file_never_a_bug(data: bytes) -> None:
    note(repr(data[:300]))
    with project_folder() as project:
        (project / "seeds").mkdir()
        (project / "seeds/000-good.txt").write_text(GOOD_SEED, encoding="utf-8")
        (project / "seeds/odd.txt").write_bytes(data)
        status, _out, err = run(["ingest", "-j", "1"])
        assert_no_bug(status, err)
        assert status in (0, 1)
        if status == 1:
            assert "seeds/odd.txt" in err, err
        assert len(list((project / "content").rglob("*.md"))) >= 1  # the good seed went through
        # What ingest wrote builds: pages are never refused, at most warned about.
        built, _out, build_err = run(["build", "--no-search", "-j", "1"])
        assert_no_bug(built, build_err)
        assert built == 0, build_err


# --- `site-builder entities` ----------------------------------------------------------------

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | ODD_TEXT,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD_TEXT, inner, max_size=3),
                           max_leaves=6)
RECORDS = st.fixed_dictionaries({"id": JSON_VALUES, "text": ODD_TEXT | JSON_VALUES}) | \
    st.dictionaries(ODD_TEXT, JSON_VALUES, max_size=3)
LINES = st.one_of(
    RECORDS.map(lambda record: json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.sampled_from([b"", b"   ", b"{", b"null", b"[]", b'"text"', b'{"id": 1, "text": "Ann Other met Bo Li."} x',
                     b'{"id": 1, "id": 2, "text": "twice"}', b'{"id": 1, "text": "\\ud800"}', b"\xff\xfe",
                     b'{"id": NaN, "text": "nan"}', b'{"id": 1, "text": "' + b"Paris " * 300 + b'"}',
                     b'\xef\xbb\xbf{"id": 1, "text": "bom"}', b'{"id": 1, "text": "a\x00b"}']),
    st.binary(max_size=40),
)


@property_settings(ci_examples=60, thorough_examples=2000)
@given(st.lists(LINES, max_size=5), st.sampled_from([b"\n", b"\r\n"]))
def test_any_json_lines_input_to_entities_is_answered_or_refused_by_line_never_a_bug(
        lines: list[bytes], newline: bytes) -> None:
    assume(all(b"\n" not in line and b"\r" not in line for line in lines))
    status, out, err = run(["entities"], stdin=newline.join(lines) + newline)
    assert_no_bug(status, err)
    # JSON Lines end at "\n" alone: an answer may hold U+2028 and the like, which
    # str.splitlines would take for line ends.
    answers = [json.loads(line) for line in out.split("\n")[:-1]]
    assert out == "" or out.endswith("\n")
    assert all(set(answer) == {"id", "entities"} for answer in answers)
    refused = [line for line in err.splitlines() if "skipped bad input" in line]
    assert len(answers) + len(refused) <= len(lines)  # one answer or one refusal a line, blank lines skipped
    assert status == (1 if refused else 0)
