"""Plugins (site.toml's `plugins`, docs/plugins.md): each hook changes the built site as it
says, in the forked page workers too; a plugin that cannot be loaded or whose hook fails
stops the build with a sentence naming it, the live site untouched; and an edited plugin
renders again what it touches."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from site_builder.build import make as groups_module
from site_builder.build.run import build
from site_builder.cli import main
from site_builder.core.config import ConfigError, load_config
from site_builder.core.errors import BuildError
from site_builder.core.plugins import installed_version, load_plugins
from site_builder.publish.output import staging_dir
from site_builder.serve.server import watched_paths
from site_fixtures import digest_tree, write_articles

READING_TIME = Path(__file__).resolve().parents[1] / "plugins" / "reading_time.py"
# An article.html of the project's own (templates/): what the reading_time plugin adds, printed.
ARTICLE_TEMPLATE = '<h1>{{ article.title }}</h1>\n<p class="reading">{{ reading_minutes }} min read</p>\n'
STORY_0 = "world/story-0/index.html"


def _project(project: Path, plugins: dict[str, str], articles: int = 6) -> None:
    """Content, the template override, the plugins as files of the project, and site.toml naming them."""
    write_articles(project, articles, marker="plugged")
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "article.html").write_text(ARTICLE_TEMPLATE, encoding="utf-8")
    for name, source in plugins.items():
        (project / f"{name}.py").write_text(source, encoding="utf-8")
    names = ", ".join(f'"{name}"' for name in plugins)
    (project / "site.toml").write_text(f"plugins = [{names}]\n", encoding="utf-8")


def _reading_minutes(page: Path) -> str:
    found = re.search(r'<p class="reading">(.*?)</p>', page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1)


def test_page_context_adds_what_the_template_prints_in_the_workers_too(project: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _project(project, {"reading_time": READING_TIME.read_text(encoding="utf-8")})
    monkeypatch.setattr(groups_module, "GROUPS_PER_TASK", 1)  # every group handed to a forked worker
    result = build(load_config(project), jobs=2)
    public = project / "public"
    article_pages = sorted(public.glob("*/story-*/index.html"))
    assert len(article_pages) == result.articles == 6
    # 8 paragraphs of 3 words: 24 words, one minute
    assert {_reading_minutes(page) for page in article_pages} == {"1 min read"}
    assert "reading_minutes" not in (public / "index.html").read_text(encoding="utf-8")


def test_articles_loaded_may_drop_and_change_articles(project: Path) -> None:
    _project(project, {"edit_articles": (
        "import dataclasses\n\n"
        "def articles_loaded(articles):\n"
        "    kept = [a for a in articles if a.slug != 'story-1']\n"
        "    return [dataclasses.replace(a, title='Retitled') if a.slug == 'story-0' else a for a in kept]\n")})
    (project / "templates" / "article.html").write_text("<h1>{{ article.title }}</h1>\n", encoding="utf-8")
    result = build(load_config(project), search=False)
    public = project / "public"
    assert result.articles == 5
    assert not (public / "business/story-1/index.html").exists()
    assert "<h1>Retitled</h1>" in (public / STORY_0).read_text(encoding="utf-8")
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "Retitled" in home and "story-1/" not in home


def test_site_written_sees_the_published_site(project: Path) -> None:
    _project(project, {"report": (
        "def site_written(site_dir, pages):\n"
        "    html = [p for p in pages if p.endswith('.html')]\n"
        "    assert (site_dir / 'index.html').is_file()\n"
        "    (site_dir / 'report.txt').write_text(f'{len(html)} pages, {pages[0]} first\\n')\n")})
    (project / "templates" / "article.html").write_text("<h1>{{ article.title }}</h1>\n", encoding="utf-8")
    config = load_config(project)
    result = build(config, search=False)
    report = project / "public" / "report.txt"
    assert report.read_text(encoding="utf-8") == f"{result.pages} pages, 404.html first\n"
    assert build(config, search=False).unchanged  # the file it wrote is no change of the build's
    assert report.read_text(encoding="utf-8") == f"{result.pages} pages, 404.html first\n"
    write_articles(project, 8, marker="plugged")  # two articles more: a new site, reported again
    grown = build(config, search=False)
    assert grown.pages > result.pages
    assert report.read_text(encoding="utf-8") == f"{grown.pages} pages, 404.html first\n"


def test_an_edited_plugin_renders_again_what_it_touches(project: Path) -> None:
    source = READING_TIME.read_text(encoding="utf-8")
    _project(project, {"reading_time": source})
    config = load_config(project)
    build(config, search=False)
    assert _reading_minutes(project / "public" / STORY_0) == "1 min read"
    assert build(config, search=False).unchanged  # the plugin's code is part of what decides

    plugin = project / "reading_time.py"
    plugin.write_text(source.replace("WORDS_PER_MINUTE = 200", "WORDS_PER_MINUTE = 5"), encoding="utf-8")
    result = build(config, search=False)
    assert not result.unchanged and result.rendered > 0
    assert _reading_minutes(project / "public" / STORY_0) == "5 min read"  # 24 words at 5 a minute
    clean = build(config, out=project / "clean", search=False, use_cache=False).out
    assert digest_tree(project / "public") == digest_tree(clean)


def test_an_article_a_plugin_changed_from_another_follows_that_one(project: Path) -> None:
    """A plugin may change one article from another: an edit of the other alone (which no list
    shows) still renders the changed article again."""
    _project(project, {"follow": (
        "import dataclasses\n\n"
        "def articles_loaded(articles):\n"
        "    lead = next(a for a in articles if a.slug == 'story-1')\n"
        "    return [dataclasses.replace(a, body=a.body + '\\n\\nAlso: ' + lead.body.split()[-1])\n"
        "            if a.slug == 'story-0' else a for a in articles]\n")})
    (project / "templates" / "article.html").write_text("{{ article.body_html }}\n", encoding="utf-8")
    config = load_config(project)
    build(config, search=False)
    assert "Also: plugged." in (project / "public" / STORY_0).read_text(encoding="utf-8")
    story_1 = project / "content" / "business" / "story-1.md"
    story_1.write_text(story_1.read_text(encoding="utf-8") + "\nA last word: changed.\n", encoding="utf-8")
    build(config, search=False)
    assert "Also: changed." in (project / "public" / STORY_0).read_text(encoding="utf-8")


def test_an_unknown_plugin_stops_the_build_naming_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _project(project, {})
    (project / "site.toml").write_text('plugins = ["no_such_plugin"]\n', encoding="utf-8")
    assert main(["build"]) == 2
    error = capsys.readouterr().err
    assert "the plugin 'no_such_plugin' was not found" in error and "site.toml" in error
    assert not (project / "public").exists()


@pytest.mark.parametrize("source, said", [
    ("raise ValueError('no key set')\n", "the plugin 'broken' failed while being imported at broken.py:1: "
                                         "ValueError: no key set"),
    ("def helper():\n    pass\n", "the plugin 'broken' (broken.py) defines none of the hooks articles_loaded, "
                                  "page_context, site_written"),
])
def test_a_plugin_that_cannot_be_loaded_is_named(project: Path, source: str, said: str) -> None:
    _project(project, {"broken": source})
    with pytest.raises(ConfigError, match=re.escape(said)):
        build(load_config(project))


def test_a_module_that_is_no_plugin_is_refused_and_left_as_it_was(project: Path) -> None:
    _project(project, {})
    (project / "site.toml").write_text('plugins = ["json"]\n', encoding="utf-8")
    imported = sys.modules["json"]
    with pytest.raises(ConfigError, match="the plugin 'json' \\(__init__.py\\) defines none of the hooks"):
        build(load_config(project))
    assert sys.modules["json"] is imported


@pytest.mark.parametrize("source, said", [
    ("def page_context(page, context):\n    if page.path.startswith('world/story-0/'):\n        raise KeyError('x')\n",
     "the plugin 'broken' failed in its hook page_context (for world/story-0/index.html) at broken.py:3: "
     "KeyError: 'x'"),
    ("def page_context(page, context):\n    return 3\n",
     "the plugin 'broken' returned int from its hook page_context"),
    ("def articles_loaded(articles):\n    return 'none'\n",
     "the plugin 'broken' returned str from its hook articles_loaded; it must return a list of Articles"),
    ("def articles_loaded(articles):\n    return articles + articles[:1]\n",
     "the plugin 'broken' returned two articles at "),
])
def test_a_failing_hook_stops_the_build_and_leaves_the_site(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                            source: str, said: str) -> None:
    _project(project, {})
    (project / "templates" / "article.html").write_text("<h1>{{ article.title }}</h1>\n", encoding="utf-8")
    build(load_config(project), search=False)
    before = digest_tree(project / "public")
    _project(project, {"broken": source})
    (project / "templates" / "article.html").write_text("<h1>{{ article.title }}</h1>\n", encoding="utf-8")
    monkeypatch.setattr(groups_module, "GROUPS_PER_TASK", 1)  # failing in a forked worker
    with pytest.raises(BuildError, match=re.escape(said)) as raised:
        build(load_config(project), search=False, jobs=2)
    assert "nothing was written" in str(raised.value)
    assert digest_tree(project / "public") == before
    assert not staging_dir(project / "public").exists()


def test_a_failing_site_written_says_the_site_was_published(project: Path) -> None:
    _project(project, {"report": "def site_written(site_dir, pages):\n    raise OSError('disk full')\n"})
    (project / "templates" / "article.html").write_text("<h1>{{ article.title }}</h1>\n", encoding="utf-8")
    config = load_config(project)
    with pytest.raises(BuildError, match=re.escape(
            "the plugin 'report' failed in its hook site_written at report.py:2: OSError: disk full; fix the plugin "
            "or remove it from 'plugins' in site.toml (the new site was published, but what the plugin makes of "
            "it may be incomplete)")):
        build(config, search=False)
    assert "<h1>Story 0 plugged</h1>" in (project / "public" / STORY_0).read_text(encoding="utf-8")
    (project / "report.py").write_text("def site_written(site_dir, pages):\n    pass\n", encoding="utf-8")
    build(config, search=False)  # the cache of the failed build was not kept: made again, as a clean build does
    clean = build(config, out=project / "clean", search=False, use_cache=False).out
    assert digest_tree(project / "public") == digest_tree(clean)


def test_the_plugins_directory_example_is_the_one_documented() -> None:
    """docs/plugins.md shows tests/plugins/reading_time.py's hook as it is."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text(encoding="utf-8")
    hook = READING_TIME.read_text(encoding="utf-8").partition("def page_context")[2]
    assert "def page_context" + hook in docs


def test_a_plugin_may_be_a_module_of_a_package_and_its_code_is_digested(project: Path) -> None:
    package = project / "newsroom"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(READING_TIME, package / "reading.py")
    (project / "site.toml").write_text('plugins = ["newsroom.reading"]\n', encoding="utf-8")
    plugins = load_plugins(load_config(project))
    assert [plugin.file for plugin in plugins.plugins] == [(package / "reading.py").resolve()]
    code = plugins.code
    (package / "reading.py").write_text(READING_TIME.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert len(code) == 1 and load_plugins(load_config(project)).code != code


def test_an_installed_plugin_is_keyed_by_its_distribution_version(tmp_path: Path) -> None:
    """What decides the version part of an installed plugin's code digest (PyYAML stands in
    for an installed plugin package)."""
    assert installed_version("yaml", Path(yaml.__file__), tmp_path) == f"PyYAML=={yaml.__version__}"
    assert installed_version("reading_time", tmp_path / "reading_time.py", tmp_path) == ""


def test_serve_watches_the_plugins_of_the_project_folder(project: Path) -> None:
    _project(project, {"reading_time": READING_TIME.read_text(encoding="utf-8")})
    (project / "newsroom").mkdir()
    (project / "site.toml").write_text('plugins = ["reading_time", "newsroom.tools", "installed_elsewhere"]\n')
    watched = watched_paths(load_config(project), project / "themes/default")
    assert [path for path in watched if path.parent == project and path.name != "site.toml"] == \
        [project / "content", project / "templates", project / "newsroom", project / "reading_time.py"]
