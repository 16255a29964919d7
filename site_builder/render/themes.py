"""A theme and the themes it is built on.

A theme may extend another by naming it in its theme.toml (`extends = "default"`): its
templates, static files and string tables come first, and whatever it leaves out comes from
the theme it extends. One of its templates reaches the other's of the same name with the
other's name in front ({% extends "default/base.html" %}). theme.toml's `stylesheets` lists
the theme's own style sheets in static/, which pages load after those of the theme it extends
(and before the project's custom.css).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from site_builder.core.config import Config, logo_url
from site_builder.core.strings import STRINGS_FOLDER, load_strings
from site_builder.render.templates import ThemeError, ThemeView, make_environment, theme_dir

THEME_FILE = "theme.toml"
CUSTOM_CSS = "custom.css"  # the project's own rules, in its static/ (the default theme ships it empty)
MAX_DEPTH = 8  # themes built on themes: deeper than this is a loop or a mistake


@dataclass(frozen=True)
class ThemeChain:
    """A theme first, then the theme it extends, and so on."""

    themes: tuple[tuple[str, Path], ...]  # (name, folder)
    stylesheets: tuple[str, ...]  # files of the static folders, in the order pages load them

    @property
    def folders(self) -> list[Path]:
        return [folder for _name, folder in self.themes]

    @property
    def template_dirs(self) -> list[Path]:
        """Where a template is looked for, the theme's own first."""
        return [folder / "templates" for _name, folder in self.themes]

    @property
    def named_template_dirs(self) -> dict[str, Path]:
        """Each theme's templates by its name, for "default/base.html"."""
        return {name: folder / "templates" for name, folder in self.themes}

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders in the order they are copied, each over the one before: the theme's own last."""
        return [folder / "static" for _name, folder in reversed(self.themes)]

    @property
    def strings_dirs(self) -> list[Path]:
        """String table folders, the one each later one adds to first."""
        return [folder / STRINGS_FOLDER for _name, folder in reversed(self.themes)]


def _is_name(value: object) -> bool:
    """A file or folder name: no path, nothing hidden."""
    return isinstance(value, str) and value != "" and not value.startswith(".") and "/" not in value \
        and "\\" not in value


def _theme_file(folder: Path) -> tuple[str | None, list[str]]:
    """What theme.toml says: the theme it extends (or None) and its own style sheets."""
    file = folder / THEME_FILE
    if not file.is_file():
        return None, []
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{file} is not valid TOML ({exc}); fix it") from None
    unknown = sorted(set(data) - {"extends", "stylesheets"})
    if unknown:
        raise ThemeError(f"{file}: unknown key {unknown[0]!r}; a theme.toml may set 'extends', the name of "
                         "the theme it is built on, and 'stylesheets', its own style sheets in static/")
    parent = data.get("extends")
    if parent is not None and not _is_name(parent):
        raise ThemeError(f"{file}: 'extends' must be the name of a theme, like \"default\", not {parent!r}")
    sheets = data.get("stylesheets", [])
    if not isinstance(sheets, list) or not all(_is_name(sheet) and sheet.endswith(".css") for sheet in sheets):
        raise ThemeError(f"{file}: 'stylesheets' must list .css files of the theme's static folder, "
                         f"like [\"wire.css\"], not {sheets!r}")
    return parent, sheets


def theme_chain(root: Path, name: str) -> ThemeChain:
    """The theme `name` (the project's themes/ first, then those shipped with the tool) and
    every theme it extends."""
    themes: list[tuple[str, Path]] = []
    sheets: list[list[str]] = []
    current: str | None = name
    while current is not None:
        if any(current == seen for seen, _folder in themes):
            loop = " -> ".join([*(seen for seen, _folder in themes), current])
            raise ThemeError(f"the themes extend each other in a loop ({loop}); change 'extends' in one "
                             f"of their {THEME_FILE} files")
        if len(themes) == MAX_DEPTH:
            raise ThemeError(f"the theme {name!r} is built on more than {MAX_DEPTH} themes; "
                             f"shorten the chain of 'extends' in their {THEME_FILE} files")
        folder = theme_dir(root, current)
        themes.append((current, folder))
        current, own = _theme_file(folder)
        sheets.append(own)
    return ThemeChain(tuple(themes), tuple(sheet for own in reversed(sheets) for sheet in own) + (CUSTOM_CSS,))


def themed_environment(config: Config, chain: ThemeChain, template_dirs: list[Path],
                       static_dirs: list[Path]) -> tuple[jinja2.Environment, tuple[str, ...]]:
    """The site's Jinja environment (templates.make_environment) in its language with its
    [theme] options, and the notices of strings its language lacks."""
    strings = load_strings(chain.strings_dirs, config.language)
    view = ThemeView(config.theme, chain.stylesheets, config.theme_options.accent or None, logo_url(config),
                     config.page_size)
    return make_environment(template_dirs, chain.named_template_dirs, strings, view, static_dirs), strings.notices
