"""site.toml: every key optional, every mistake named."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from site_builder.core.errors import SiteBuilderError
from site_builder.core.urls import split_url
from site_builder.core.xmlchars import forbidden_in

CONFIG_NAME = "site.toml"


class ConfigError(SiteBuilderError, ValueError):
    pass


# A BCP 47 tag as sites use them: language[-script][-region][-variant], e.g. "en",
# "pt-BR", "zh-Hant-TW", "de-CH-1996". The search indexer names files and folders
# after it, so nothing else (no "/", no "..", nothing long) may reach it.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
                           r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))?")
MAX_LANGUAGE_TAG = 24


def is_language_tag(value: str) -> bool:
    """True for a well-formed BCP 47 language tag of the kinds above."""
    return len(value) <= MAX_LANGUAGE_TAG and _LANGUAGE_TAG.fullmatch(value) is not None


@dataclass(frozen=True)
class ThemeOptions:
    """What a site sets of its theme's looks in site.toml's [theme] table, besides the name."""

    accent: str = ""  # a hex colour, "#b00" or "#bb0000": links, rules and buttons
    logo: str = ""  # an image in the static folder, as site.toml names it: "static/logo.svg"


@dataclass(frozen=True)
class Config:
    title: str = "News Briefing Archive"
    description: str = "An archive of news briefings."
    base_url: str = ""  # e.g. "https://news.example.org/archive/"; needed for absolute feed and sitemap links
    language: str = "en"
    theme: str = "default"
    page_size: int = 20
    seeds: str = "seeds"
    content: str = "content"
    output: str = "public"
    templates: str = "templates"  # the project's own template overrides
    static: str = "static"  # the project's own static files, copied over the theme's
    entity_command: tuple[str, ...] = ()  # an external extractor speaking `site-builder entities` JSON Lines
    entity_min_articles: int = 2  # an entity gets its own page from this many articles on
    auto_tags: bool = True  # false: ingest adds no topic tags (a seed's own Tags: stay)
    tag_vocabulary: tuple[str, ...] = ()  # when set, ingest adds only tags from this list
    plugins: tuple[str, ...] = ()  # modules whose hooks the build calls (plugins.py, docs/plugins.md)
    theme_options: ThemeOptions = ThemeOptions()  # the rest of a [theme] table (its name is `theme`)
    root: Path = Path(".")

    def path(self, value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.root / path


_KEYS = {f.name: str(f.type) for f in fields(Config) if f.name not in ("root", "theme_options")}
_TYPES = {"str": str, "int": int, "bool": bool, "tuple[str, ...]": list}
_TYPE_NAMES = {"str": "text", "int": "a whole number", "bool": "true or false",
               "tuple[str, ...]": 'a list of text, e.g. ["python", "ner.py"]'}


def load_config(root: Path) -> Config:
    """Read `site.toml` in `root` if there is one; every mistake in it is reported at once."""
    file = root / CONFIG_NAME
    if not file.exists():
        return Config(root=root)
    text, data = _read_toml(file)
    values, mistakes = _read_values(data)
    mistakes += _logo_mistakes(root, values)
    if mistakes:
        raise ConfigError(_mistakes_said(file, text, mistakes))
    return Config(root=root, **values)  # type: ignore[arg-type]


def _read_toml(file: Path) -> tuple[str, dict[str, object]]:
    try:
        text = file.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: is not valid TOML ({exc}); fix the file or delete it to use defaults") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        raise ConfigError(f"{file}: is not valid TOML (values nested thousands of levels deep); fix the file "
                          "or delete it to use defaults") from None


def _read_values(data: dict[str, object]) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The settings of site.toml that are right, and (key, what is wrong) for the others."""
    values: dict[str, object] = {}
    mistakes: list[tuple[str, str]] = []
    for key, value in data.items():
        if key == "theme" and isinstance(value, dict):  # [theme]: the name and the theme's options
            mistakes += _theme_table(value, values, data.get("page_size"))
            continue
        problem = _key_problem(key, value)
        if problem:
            mistakes.append((key, problem))
        else:
            values[key] = tuple(value) if isinstance(value, list) else value
    for key, problem in _value_problems(values):
        mistakes.append((key, problem))
        values.pop(key, None)  # a value may have more than one problem
    base_url = values.get("base_url")
    if isinstance(base_url, str):
        try:
            values["base_url"] = normalize_base_url(base_url, "'base_url'")
        except ConfigError as exc:
            mistakes.append(("base_url", str(exc)))
    return values, mistakes


def _logo_mistakes(root: Path, values: dict[str, object]) -> list[tuple[str, str]]:
    options = values.get("theme_options")
    if not isinstance(options, ThemeOptions) or not options.logo:
        return []
    static = values.get("static", Config.static)
    problem = _logo_problem(root, options.logo, static if isinstance(static, str) else Config.static)
    return [("theme", problem)] if problem else []


# [theme] in site.toml: its keys and what each must be.
_THEME_KEYS = {"name": "the name of a theme, e.g. \"wire\"", "accent": "a hex colour, e.g. \"#b00\" or \"#bb0000\"",
               "logo": "an image in the static folder, e.g. \"static/logo.svg\"",
               "items_per_page": "a whole number of articles per list page, from 1 to 1000"}
_HEX_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3}){1,2}")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")


def _theme_table(table: dict[str, object], values: dict[str, object], page_size: object) -> list[tuple[str, str]]:
    """Reads [theme] into `values` ("theme", "theme_options", "page_size"); returns its mistakes."""
    mistakes: list[tuple[str, str]] = []
    options: dict[str, str] = {}
    for key, value in table.items():
        if key not in _THEME_KEYS:
            close = difflib.get_close_matches(key, _THEME_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are: {', '.join(sorted(_THEME_KEYS))}"
            mistakes.append(("theme", f"unknown key '{key}' in [theme]; {hint}"))
            continue
        right = (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000
                 if key == "items_per_page" else isinstance(value, str) and value.strip() != "")
        if key == "accent" and isinstance(value, str):
            right = _HEX_COLOUR.fullmatch(value) is not None
        if not right:
            mistakes.append(("theme", f"[theme] {key} must be {_THEME_KEYS[key]}, not {value!r}"[:300]))
        elif key == "name":
            values["theme"] = value
        elif key == "items_per_page":
            if page_size is not None and page_size != value:
                mistakes.append(("theme", f"[theme] items_per_page = {value} and page_size = {page_size!r} both set "
                                          "the articles per list page; keep one of them"))
            values["page_size"] = value
        else:
            options[key] = str(value)
    values["theme_options"] = ThemeOptions(**options)
    return mistakes


def _logo_problem(root: Path, logo: str, static: str) -> str | None:
    """What is wrong with [theme] logo, a file in the static folder that pages show, or None."""
    folder = Path(static)
    path = Path(logo)
    inside = not path.is_absolute() and ".." not in path.parts and not folder.is_absolute() \
        and path.parts[:len(folder.parts)] == folder.parts and len(path.parts) > len(folder.parts)
    if not inside:
        return f"[theme] logo must be a file in the static folder '{static}/', e.g. \"{static}/logo.svg\", not {logo!r}"
    if path.suffix.lower() not in LOGO_TYPES:
        return f"[theme] logo must be an image ({', '.join(LOGO_TYPES)}), not {logo!r}"
    if not (root / path).is_file():
        return f"[theme] logo names {logo!r}, which is not a file; put the logo there or remove the key"
    return None


def logo_url(config: Config) -> str | None:
    """Where the [theme] logo is in the built site (static files go to assets/), or None."""
    logo = config.theme_options.logo
    if not logo:
        return None
    inside = Path(logo).parts[len(Path(config.static).parts):]
    return "assets/" + "/".join(inside)


def _key_problem(key: str, value: object) -> str | None:
    """What is wrong with `key = value` as a key and a type, or None."""
    if key not in _KEYS:
        close = difflib.get_close_matches(key, _KEYS, n=1)
        if close:
            return f"unknown key '{key}'; did you mean '{close[0]}'?"
        return f"unknown key '{key}'; the keys are: {', '.join(sorted(_KEYS))}"
    expected = _TYPES[_KEYS[key]]
    right_type = isinstance(value, expected) and (expected is bool or not isinstance(value, bool))
    if isinstance(value, list) and expected is list:  # a list only for the list settings, of text alone
        right_type = all(isinstance(item, str) for item in value)
    if not right_type:
        shown_value = tuple(value) if isinstance(value, list) else value
        return f"'{key}' must be {_TYPE_NAMES[_KEYS[key]]}, not {type(shown_value).__name__} {shown_value!r}"
    return None


def _value_problems(values: dict[str, object]) -> list[tuple[str, str]]:
    """The values of the right type that are still out of range, as (key, what is wrong)."""
    problems: list[tuple[str, str]] = []
    for key, value in values.items():  # the title and description reach every page and feed as they are
        forbidden = forbidden_in(list(value) if isinstance(value, tuple) else value)
        if forbidden:
            problems.append((key, f"'{key}' holds characters XML does not allow ({', '.join(forbidden[:5])}), "
                                  "which would leave the feeds and sitemaps unreadable; remove them"))
    min_articles = values.get("entity_min_articles")
    if isinstance(min_articles, int) and min_articles < 1:
        problems.append(("entity_min_articles", f"'entity_min_articles' must be 1 or more, not {min_articles}"))
    command = values.get("entity_command")
    if isinstance(command, tuple) and command and not command[0].strip():
        problems.append(("entity_command", "'entity_command' must start with a program, e.g. [\"python\", \"ner.py\"]"))
    plugins = values.get("plugins")
    if isinstance(plugins, tuple):
        problems += _plugin_problems(plugins)
    page_size = values.get("page_size")
    if isinstance(page_size, int) and not 1 <= page_size <= 1000:
        problems.append(("page_size", f"'page_size' must be between 1 and 1000, not {page_size}"))
    language = values.get("language")
    if isinstance(language, str) and not is_language_tag(language):
        problems.append(("language", "'language' must be a BCP 47 language tag such as \"en\", \"pt-BR\" or "
                                     f"\"zh-Hant-TW\", not {language[:40]!r}"))
    return problems


def _plugin_problems(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """A plugin is named as Python imports it: identifiers joined by dots, each named once."""
    for name in names:
        if not all(part.isidentifier() for part in name.split(".")):
            return [("plugins", "'plugins' must list Python module names such as \"reading_time\" or "
                                f"\"mypackage.plugin\", not {name[:80]!r}")]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        return [("plugins", f"'plugins' names {twice[0]!r} twice; name each plugin once")]
    return []


def _mistakes_said(file: Path, text: str, mistakes: list[tuple[str, str]]) -> str:
    """One line per mistake in the file's order, each naming the file and the key's line; several
    start with their count."""
    located = sorted(((_key_line(text, key), problem) for key, problem in mistakes),
                     key=lambda found: found[0] or len(text))
    lines = [f"{file}:{line}: {problem}" if line else f"{file}: {problem}" for line, problem in located]
    if len(lines) == 1:
        return lines[0]
    return f"{len(lines)} mistakes in {file}; fix them all and run again:\n" + "\n".join(lines)


def _key_line(text: str, key: str) -> int | None:
    """The line where `key` is set at the top of a TOML file, for messages."""
    pattern = re.compile(rf"[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')[ \t]*=")
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("["):
            return None  # the keys are all top-level; past a table header, none is
        if pattern.match(line):
            return number
    return None


def normalize_base_url(value: str, where: str) -> str:
    """A public address as pages use it: http(s), ending in "/" ("" means none).
    The one rule for site.toml's base_url and `build --base-url`; `where` names the source."""
    value = value.strip()
    if not value:
        return ""
    if not _is_web_address(value):
        raise ConfigError(f"{where} must be an address starting with http:// or https://, "
                          f"like https://example.org/news/, not {value!r}")
    parts = split_url(value)  # well formed here: _is_web_address split it
    if parts is not None and "@" in parts.netloc:  # every page, feed and sitemap would publish it
        raise ConfigError(f"{where} must be the site's public address, without a user name or password "
                          f"(the part before @), not {value!r}")
    return value if value.endswith("/") else value + "/"


# A host as an address names it: a name of letters, digits, hyphens and dots, an IPv4
# address, or an IPv6 address in brackets.
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\]")


def _is_web_address(value: str) -> bool:
    """True for an http(s) address with a well-formed host (and port), and nothing in it
    that a page, a feed or a sitemap could not hold as it is."""
    if any(c.isspace() or not c.isprintable() or c in "<>\"'\\?#" for c in value):
        return False
    parts = split_url(value)  # None for an unclosed "[" or a port that is not a number from 0 to 65535
    if parts is None:
        return False
    host = parts.netloc.rpartition("@")[2]  # a user name or password is refused with its own message
    if parts.port is not None or host.endswith(":"):
        host = host.rpartition(":")[0]
    return parts.scheme in ("http", "https") and _HOST.fullmatch(host) is not None
