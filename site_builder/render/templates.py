"""Jinja2 environment: the project's templates/ first, then the theme's."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import bad_link, printable
from site_builder.core.model import OutputPage
from site_builder.pages.views import SiteData


class ThemeError(SiteBuilderError, ValueError):
    pass


def shipped_themes() -> Path:
    """The folder of the themes installed with the tool (site_builder.themes, which is the
    checkout's themes/ folder in an editable install)."""
    return Path(str(resources.files("site_builder.themes")))


def theme_dir(root: Path, theme: str) -> Path:
    """A theme in the project's themes/, else one shipped with the tool."""
    for base in (root / "themes", shipped_themes()):
        if (base / theme / "templates").is_dir():
            return base / theme
    raise ThemeError(f"theme {theme!r} not found: expected a folder themes/{theme}/templates "
                     "in the project; set 'theme' in site.toml to an existing theme")


def _without_nulls(value: object) -> object:
    """`value` with every key whose value is None left out, at any depth: structured data says
    nothing of what it does not know ("datePublished": null is an error to its readers)."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_without_nulls(item) for item in value if item is not None]
    return value


def _json_ld(value: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block that text cannot close or break,
    without nulls."""
    text = json.dumps(_without_nulls(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


class _ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader under the project's link rule (files.py): a template
    that is a link leading out of its folder, or to nothing, is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if os.path.lexists(path):
                link = bad_link(path, Path(folder))
                if link is not None:
                    raise ThemeError(f"the template {printable(path)} is refused: "
                                     + link.reason(f"{printable(folder)}/", "/".join(pieces)))
                break
        return super().get_source(environment, template)


def make_environment(template_dirs: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_ContainedLoader([str(d) for d in template_dirs if d.is_dir()]),
        autoescape=True,  # every template, HTML and XML alike
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat of three templates for every page
    )
    env.filters["json_ld"] = _json_ld
    return env


def render_template(env: jinja2.Environment, page: OutputPage, site_data: SiteData) -> str:
    """One page through its template: `site` and the page's own variables (views.py)."""
    template = env.get_template(page.template)
    return template.render(site=site_data, **page.context)
