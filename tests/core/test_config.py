from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.core.config import Config, ConfigError, load_config, normalize_base_url


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == Config(root=tmp_path)


def test_plugins_are_read_with_their_line_when_wrong(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "Daily"\nplugins = ["reading_time", "newsroom.tools"]\n')
    assert load_config(tmp_path).plugins == ("reading_time", "newsroom.tools")
    (tmp_path / "site.toml").write_text('title = "Daily"\nplugins = ["reading time"]\n')
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value) == (f"{tmp_path / 'site.toml'}:2: 'plugins' must list Python module names such as "
                                 '"reading_time" or "mypackage.plugin", not \'reading time\'')


def test_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "Daily"\npage_size = 5\nbase_url = "https://x.org/news"\n')
    config = load_config(tmp_path)
    assert (config.title, config.page_size, config.base_url) == ("Daily", 5, "https://x.org/news/")


@pytest.mark.parametrize("text, named", [
    ('titel = "x"\n', "titel"),
    ('page_size = "ten"\n', "page_size"),
    ("title = 3\n", "title"),
    ("page_size = 0\n", "page_size"),
    ('base_url = "example.org"\n', "base_url"),
    ("title = \n", "not valid TOML"),
    ("theme = []\n", "'theme' must be text, not tuple"),  # a list is right only for the list settings
    ('title = ["a", "b"]\n', "'title' must be text, not tuple"),
    ('page_size = ["5"]\n', "'page_size' must be a whole number, not tuple"),
    ('plugins = "reading_time"\n', "'plugins' must be a list of text"),
    ('plugins = ["reading-time"]\n', "'plugins' must list Python module names such as"),
    ('plugins = ["a..b"]\n', "not 'a..b'"),
    ('plugins = ["a", "b", "a"]\n', "'plugins' names 'a' twice"),
])
def test_mistakes_name_the_key(tmp_path: Path, text: str, named: str) -> None:
    (tmp_path / "site.toml").write_text(text)
    with pytest.raises(ConfigError, match=named):
        load_config(tmp_path)


def test_every_mistake_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('titel = "Daily"\ntitle = "Daily"\npage_size = "ten"\n'
                                        'language = "en_US"\nbase_url = "example.org"\nentity_min_articles = 0\n'
                                        'colour = "red"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    lines = str(raised.value).split("\n")
    assert lines[0] == f"6 mistakes in {tmp_path / 'site.toml'}; fix them all and run again:"
    said = [line.removeprefix(str(tmp_path / "site.toml")) for line in lines[1:]]
    assert said == [":1: unknown key 'titel'; did you mean 'title'?",
                    ":3: 'page_size' must be a whole number, not str 'ten'",
                    ":4: 'language' must be a BCP 47 language tag such as \"en\", \"pt-BR\" or \"zh-Hant-TW\", "
                    "not 'en_US'",
                    ":5: 'base_url' must be an address starting with http:// or https://, like "
                    "https://example.org/news/, not 'example.org'",
                    ":6: 'entity_min_articles' must be 1 or more, not 0",
                    ":7: unknown key 'colour'; the keys are: auto_tags, base_url, content, description, "
                    "entity_command, entity_min_articles, language, output, page_size, plugins, seeds, static, "
                    "tag_vocabulary, templates, theme, title"]


@pytest.mark.parametrize("tag", ["en", "pt-BR", "zh-Hant-TW", "es-419", "de-CH-1996", "sr-Latn"])
def test_language_tags_are_accepted(tmp_path: Path, tag: str) -> None:
    (tmp_path / "site.toml").write_text(f'language = "{tag}"\n')
    assert load_config(tmp_path).language == tag


@pytest.mark.parametrize("tag", ["../../../../x", "a" * 32, "en/../x", "en_US", "en-", "", "e", "en GB"])
def test_a_language_that_is_not_a_bcp47_tag_is_refused(tmp_path: Path, tag: str) -> None:
    (tmp_path / "site.toml").write_text(f'language = "{tag}"\n')
    with pytest.raises(ConfigError, match=r"site\.toml:1: 'language' must be a BCP 47 language tag"):
        load_config(tmp_path)


@pytest.mark.parametrize("tag", ["../../../../x", "a" * 32])
def test_a_bad_language_stops_the_build_before_anything_is_written(project: Path, tag: str, capsys) -> None:
    """The indexer named folders after the language: "../../../../x" wrote above the
    project, and a 32-character value made it hang."""
    from site_builder.cli import main
    from site_builder.search.pagefind import SearchIndexError, index_site

    assert main(["ingest"]) == 0
    before = sorted(p.name for p in project.parent.parent.iterdir())
    (project / "site.toml").write_text(f'language = "{tag}"\n')
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "site.toml:1: 'language' must be a BCP 47 language tag" in err and "Traceback" not in err
    assert not (project / "public").exists()
    assert sorted(p.name for p in project.parent.parent.iterdir()) == before
    with pytest.raises(SearchIndexError, match="is not a language tag"):  # the indexer itself refuses it too
        index_site(project / "content", [], tag)


@pytest.mark.parametrize("value", ["example.org", "ftp://example.org/", "https://", "https://x.org/a b",
                                   "https://x.org/?q=1", "https://x.org/\"><script>", "https://[::1/x",
                                   "https://x.org:99999/"])
def test_a_base_url_that_is_not_a_web_address_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="must be an address starting with http:// or https://"):
        normalize_base_url(value, "--base-url")


def test_a_base_url_gets_its_final_slash_and_empty_means_none() -> None:
    assert normalize_base_url(" https://x.org/news ", "--base-url") == "https://x.org/news/"
    assert normalize_base_url("", "--base-url") == ""


def test_entity_and_tag_settings_are_read(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('entity_command = ["python", "ner.py"]\n'
                                        'auto_tags = false\ntag_vocabulary = ["Energy", "Markets"]\n')
    config = load_config(tmp_path)
    assert config.entity_command == ("python", "ner.py")
    assert (config.auto_tags, config.tag_vocabulary) == (False, ("Energy", "Markets"))


@pytest.mark.parametrize("text, message", [
    ('entity_command = "python ner.py"\n', "'entity_command' must be a list of text"),
    ("entity_command = [1]\n", "'entity_command' must be a list of text"),
    ('entity_command = [""]\n', "'entity_command' must start with a program"),
    ('auto_tags = "no"\n', "'auto_tags' must be true or false"),
    ("entity_min_articles = 0\n", "'entity_min_articles' must be 1 or more"),
    ("entity_min_articles = true\n", "'entity_min_articles' must be a whole number"),
    ('tag_vocabulary = "Energy"\n', "'tag_vocabulary' must be a list of text"),
])
def test_entity_and_tag_setting_mistakes(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "site.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


@pytest.mark.parametrize("value", ["http://[::1", "https://[not-an-address]/", "https://x.org:port/",
                                   "https://x.org:99999/", "https://x.org\x00/", "https://x.org/\x07news/",
                                   "https://exa%mple.org/", "https://:80/", "https://user@/"])
def test_a_malformed_base_url_is_a_configuration_error(value: str) -> None:
    with pytest.raises(ConfigError, match="must be an address starting with http:// or https://"):
        normalize_base_url(value, "--base-url")


@pytest.mark.parametrize("value", ["https://user:secret@example.org/", "https://editor@example.org/news/",
                                   "https://@example.org/"])
def test_a_base_url_with_a_user_name_or_password_is_refused(value: str) -> None:
    # Every page, the feed and the sitemap would publish the name and password.
    with pytest.raises(ConfigError, match="without a user name or password"):
        normalize_base_url(value, "--base-url")


@pytest.mark.parametrize("value", ["http://[::1", "https://x.org:port/"])
def test_a_malformed_base_url_in_site_toml_exits_2_naming_the_file_and_line(project: Path, value: str,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from site_builder.cli import main
    (project / "site.toml").write_text(f'title = "Daily"\nbase_url = "{value}"\n', encoding="utf-8")
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "site.toml:2: 'base_url' must be an address" in err and "bug" not in err


@pytest.mark.parametrize("value", ["https://x.org:8080/news/", "http://[::1]:8000/", "https://xn--bcher-kva.example/"])
def test_well_formed_base_urls_with_ports_and_brackets_are_kept(value: str) -> None:
    assert normalize_base_url(value, "--base-url") == value


@pytest.mark.parametrize("key", ["title", "description", "theme", "output"])
def test_characters_xml_forbids_in_a_site_toml_value_are_named(tmp_path: Path, key: str) -> None:
    (tmp_path / "site.toml").write_text(f'page_size = 5\n{key} = "Daily\\u0001 \\u001b[31mNews"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"site.toml:2: '{key}' holds characters .*U\+0001, U\+001B"):
        load_config(tmp_path)


def test_characters_xml_forbids_in_a_list_value_are_named(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('tag_vocabulary = ["Good", "Bad\\u0008"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site.toml:1: 'tag_vocabulary' holds characters .*U\+0008"):
        load_config(tmp_path)


def test_a_value_with_two_problems_is_named_twice_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('language = "e\\u0001n"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert "holds characters XML does not allow" in str(raised.value)
    assert "BCP 47" in str(raised.value)
