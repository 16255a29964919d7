"""site.toml: every key optional, every mistake named."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

CONFIG_NAME = "site.toml"


class ConfigError(ValueError):
    pass


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
    root: Path = Path(".")

    def path(self, value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.root / path


_KEYS = {f.name: str(f.type) for f in fields(Config) if f.name != "root"}
_TYPES = {"str": str, "int": int}


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
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{file}: '{key}' must be {'a whole number' if expected is int else 'text'}, "
                              f"not {type(value).__name__} {value!r}")
        values[key] = value
    page_size = values.get("page_size", Config.page_size)
    if isinstance(page_size, int) and not 1 <= page_size <= 1000:
        raise ConfigError(f"{file}: 'page_size' must be between 1 and 1000, not {page_size}")
    base_url = values.get("base_url")
    if isinstance(base_url, str) and base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{file}: 'base_url' must start with http:// or https://, not {base_url!r}")
    if isinstance(base_url, str) and base_url and not base_url.endswith("/"):
        values["base_url"] = base_url + "/"
    return Config(root=root, **values)  # type: ignore[arg-type]
