"""Jinja2 environment: the project's templates/ first, then the theme's."""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import jinja2.runtime
import markupsafe
from jinja2.loaders import split_template_path
from markupsafe import Markup

from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import bad_link, printable
from site_builder.core.model import OutputPage
from site_builder.core.strings import FALLBACK, STRINGS_FOLDER, Strings, load_strings
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


def _printer(escape_text: Callable[[str], str]) -> Callable[[object], str]:
    """What `{{ value }}` prints: markupsafe.escape's text, without making it a Markup,
    which nothing needs: a printed value is only joined into the page. Half of escape's
    cost on a page of short values is making the Markup."""

    def escaped(value: object) -> str:
        if type(value) is str:
            return escape_text(value)
        html = getattr(value, "__html__", None)
        return str(html()) if html is not None else escape_text(str(value))

    return escaped


# markupsafe 3's text escape, without the Markup around it; with another markupsafe,
# templates escape as Jinja does.
_TEXT_ESCAPE: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
_ESCAPED = _printer(_TEXT_ESCAPE) if _TEXT_ESCAPE else None


class _Template(jinja2.Template):
    """A template whose printed values are escaped by _printer (when markupsafe has the
    escaping function without the Markup; else as Jinja does)."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: CodeType, globals: MutableMapping[str, Any],  # noqa: A002 - Jinja's name
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        if _ESCAPED is not None:  # the compiled code prints through the name `escape` of its module
            template.root_render_func.__globals__["escape"] = _ESCAPED
        return template


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


@dataclass(frozen=True)
class ThemeView:
    """`theme` in templates: the theme's name, its style sheets, and what site.toml's [theme] sets."""

    name: str
    stylesheets: tuple[str, ...]  # files under assets/, in the order pages load them
    accent: str | None  # a hex colour, or None for the theme's own
    logo: str | None  # the logo's URL from the site root, or None for none
    items_per_page: int


DEFAULT_THEME = ThemeView("default", ("style.css", "custom.css"), None, None, 20)


def _stylesheet_data(static_dirs: Sequence[Path]) -> Callable[[str], str]:
    """`stylesheet_data("style.css")`: a style sheet as a data: address, the file as the site's
    assets/ would hold it (the last static folder that has it wins). A page linking its style so
    is styled wherever it is served; unlike a <style> element, the HTML checker leaves its CSS
    to the browser, which knows properties newer than the checker's."""

    def stylesheet_data(name: str) -> str:
        found = [folder / name for folder in static_dirs if (folder / name).is_file()]
        if not found:
            raise ThemeError(f"a template asks for the style sheet {name!r}, which no static folder holds; "
                             "add it to the theme's static/ or the project's")
        return "data:text/css;base64," + base64.b64encode(found[-1].read_bytes()).decode("ascii")

    return stylesheet_data


def make_environment(template_dirs: list[Path], named_dirs: Mapping[str, Path] | None = None,
                     strings: Strings | None = None, theme: ThemeView = DEFAULT_THEME,
                     static_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """The templates of `template_dirs` (the first that has a name wins), and "<theme>/<name>" of
    `named_dirs`; `t` and the `date` filters speak `strings` (English of the shipped default theme
    when None); `stylesheet_data` reads `static_dirs`."""
    searched = _ContainedLoader([str(d) for d in template_dirs if d.is_dir()])
    prefixed = {name: _ContainedLoader([str(d)]) for name, d in (named_dirs or {}).items() if d.is_dir()}
    strings = strings or load_strings([shipped_themes() / "default" / STRINGS_FOLDER], FALLBACK)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([searched, jinja2.PrefixLoader(prefixed)]) if prefixed else searched,
        autoescape=True,  # every template, HTML and XML alike
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no stat of three templates for every page
    )
    env.template_class = _Template
    env.filters["json_ld"] = _json_ld
    env.filters["date"] = strings.date
    env.filters["month"] = strings.month
    env.filters["weekday"] = strings.weekday
    env.globals.update(t=strings, tn=strings.plural, theme=theme, stylesheet_data=_stylesheet_data(static_dirs))
    return env


# Macros drawn once for the same arguments: a story's teaser appears on a dozen lists
# (its section, the home page, archives, every term page), the same at the same depth.
DRAWN_ONCE = {"_macros.html": ("teaser",)}
DRAWN_KEPT = 20_000  # teasers kept per process; past that the memory starts again


def compile_templates(env: jinja2.Environment) -> None:
    """Every template compiled now, and the macros of DRAWN_ONCE drawn once per arguments:
    done before the render workers fork, they share the compiled code instead of
    compiling it each. A template that fails is left to fail where it is rendered,
    whose error names the page."""
    for name in env.list_templates():
        with contextlib.suppress(jinja2.TemplateError, OSError):
            env.get_template(name)
    for name, macros in DRAWN_ONCE.items():
        try:
            module = env.get_template(name).module  # the module every import without context gets
        except (jinja2.TemplateError, OSError):  # a project's own templates may not have it, or break it
            continue
        for macro in macros:
            found = getattr(module, macro, None)
            if isinstance(found, jinja2.runtime.Macro) and not found.caller:
                found._func = _drawn_once(found._func)  # the body Macro.__call__ runs


_Key = tuple[object, ...]


def _drawn_once(body: Callable[..., str]) -> Callable[..., str]:
    """`body`, a macro's, remembering its output by its arguments: strings and numbers by
    value and type (a Markup prints differently from a str), other objects by identity.
    Arguments are kept with the output, so no object's id is reused while it is remembered;
    a macro sees nothing but its arguments and the build's constant globals."""
    drawn: dict[_Key, tuple[tuple[object, ...], str]] = {}

    def draw(*arguments: object) -> str:
        key = tuple((type(a), a) if type(a) in _BY_VALUE else id(a) for a in arguments)
        found = drawn.get(key)
        if found is not None:
            return found[1]
        html = body(*arguments)
        if len(drawn) >= DRAWN_KEPT:
            drawn.clear()
        drawn[key] = (arguments, html)
        return html

    return draw


_BY_VALUE = frozenset({str, Markup, int, float, bool, type(None)})


def render_template(env: jinja2.Environment, page: OutputPage, site_data: SiteData) -> str:
    """One page through its template: `site` and the page's own variables (views.py)."""
    template = env.get_template(page.template)
    return template.render(site=site_data, **page.context)
