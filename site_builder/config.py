"""site.toml: every key optional, every mistake named."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from .errors import SiteBuilderError

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
    root: Path = Path(".")

    def path(self, value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.root / path


_KEYS = {f.name: str(f.type) for f in fields(Config) if f.name != "root"}
_TYPES = {"str": str, "int": int, "bool": bool, "tuple[str, ...]": list}
_TYPE_NAMES = {"str": "text", "int": "a whole number", "bool": "true or false",
               "tuple[str, ...]": 'a list of text, e.g. ["python", "ner.py"]'}


def load_config(root: Path) -> Config:
    """Read `site.toml` in `root` if there is one."""
    file = root / CONFIG_NAME
    if not file.exists():
        return Config(root=root)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: is not valid TOML ({exc}); fix the file or delete it to use defaults") from None
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{file}: unknown key '{key}'; the keys are: {known}")
        expected = _TYPES[_KEYS[key]]
        right_type = isinstance(value, expected) and (expected is bool or not isinstance(value, bool))
        if isinstance(value, list):
            right_type = all(isinstance(item, str) for item in value)
            value = tuple(value)
        if not right_type:
            raise ConfigError(f"{file}: '{key}' must be {_TYPE_NAMES[_KEYS[key]]}, "
                              f"not {type(value).__name__} {value!r}")
        values[key] = value
    min_articles = values.get("entity_min_articles", Config.entity_min_articles)
    if isinstance(min_articles, int) and min_articles < 1:
        raise ConfigError(f"{file}: 'entity_min_articles' must be 1 or more, not {min_articles}")
    command = values.get("entity_command")
    if isinstance(command, tuple) and command and not command[0].strip():
        raise ConfigError(f"{file}: 'entity_command' must start with a program, e.g. [\"python\", \"ner.py\"]")
    page_size = values.get("page_size", Config.page_size)
    if isinstance(page_size, int) and not 1 <= page_size <= 1000:
        raise ConfigError(f"{file}: 'page_size' must be between 1 and 1000, not {page_size}")
    language = values.get("language")
    if isinstance(language, str) and not is_language_tag(language):
        raise ConfigError(f"{file}: 'language' must be a BCP 47 language tag such as \"en\", \"pt-BR\" or "
                          f"\"zh-Hant-TW\", not {language[:40]!r}")
    base_url = values.get("base_url")
    if isinstance(base_url, str):
        values["base_url"] = normalize_base_url(base_url, f"{file}: 'base_url'")
    return Config(root=root, **values)  # type: ignore[arg-type]


def normalize_base_url(value: str, where: str) -> str:
    """A public address as pages use it: http(s), ending in "/" ("" means none).
    The one rule for site.toml's base_url and `build --base-url`; `where` names the source."""
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(
            c.isspace() or c in "<>\"'\\?#" for c in value):
        raise ConfigError(f"{where} must be an address starting with http:// or https://, "
                          f"like https://example.org/news/, not {value!r}")
    return value if value.endswith("/") else value + "/"
