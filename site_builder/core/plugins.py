"""Plugins: Python modules that site.toml names (`plugins = ["reading_time"]`) and whose
functions the build calls at three points (docs/plugins.md):

- articles_loaded(articles): once the content is read, before the site model is made;
- page_context(page, context): for each page rendered, with its template's variables;
- site_written(site_dir, pages): once the new site is in the output folder.

A plugin is looked up in the project's folder first, then among the installed modules.
Its source is read and run afresh on every build (never from a stale .pyc or an earlier
build's module), so the digest of its code the cache keys on is that of the code that runs.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import traceback
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

from site_builder.core.config import Config, ConfigError
from site_builder.core.digests import digest
from site_builder.core.errors import BuildError
from site_builder.core.model import Article, OutputPage

HOOKS = ("articles_loaded", "page_context", "site_written")


@dataclass(frozen=True)
class PageInfo:
    """The page a page_context hook is called for."""

    path: str  # the file of the site, e.g. "world/some-story/index.html"
    template: str  # the template rendering it, e.g. "article.html"


@dataclass(frozen=True)
class Plugin:
    name: str  # as site.toml names it
    module: types.ModuleType = field(compare=False)
    file: Path  # its source, where error messages point
    code: str  # digest of its source, and of its distribution's version when it is installed

    def hook(self, name: str) -> Callable[..., Any] | None:
        found = getattr(self.module, name, None)
        return found if callable(found) else None


@dataclass(frozen=True)
class Plugins:
    """The plugins of one build, in site.toml's order, and the calls of their hooks."""

    plugins: tuple[Plugin, ...] = ()

    @property
    def code(self) -> tuple[str, ...]:
        """What the build's environment digest takes of the plugins: nothing when there are none."""
        return tuple(f"plugin:{plugin.name}:{plugin.code}" for plugin in self.plugins)

    def articles_loaded(self, articles: list[Article],
                        sources: dict[str, str]) -> tuple[list[Article], dict[str, str]]:
        """The articles as the plugins leave them, and `sources` (content file → the key of its
        bytes, which stands for its article in the page keys) with the key of each file whose
        article a plugin changed or added made from that article itself: a plugin may change an
        article from others, so its file's bytes no longer stand for it."""
        given = list(articles)  # held, so the id of an article given is no new article's
        for plugin in self.plugins:
            hook = plugin.hook("articles_loaded")
            if hook is None:
                continue
            returned = _called(plugin, "articles_loaded", hook, list(articles))
            if returned is not None:
                articles = _checked_articles(plugin, returned)
        kept = {id(article) for article in given}
        changed = {article.source_path for article in articles if id(article) not in kept}
        if not changed:
            return articles, sources
        keys = dict(sources)
        for path in changed:
            keys[path] = "plugin:" + digest(*(repr(a) for a in articles if a.source_path == path))
        return articles, keys

    def page_context(self, page: OutputPage) -> OutputPage:
        """`page` with its template variables as the plugins extend them."""
        hooks = [(plugin, hook) for plugin in self.plugins if (hook := plugin.hook("page_context"))]
        if not hooks:
            return page
        info = PageInfo(page.path, page.template)
        context = dict(page.context)
        for plugin, hook in hooks:
            returned = _called(plugin, f"page_context (for {page.path})", hook, info, context)
            if returned is not None:
                if not isinstance(returned, dict):
                    raise BuildError(f"the plugin {plugin.name!r} returned {type(returned).__name__} from its hook "
                                     "page_context; it must change the context in place and return None, or "
                                     "return a dict of the template variables; nothing was written")
                context = returned
        return OutputPage(page.path, page.template, context)

    def site_written(self, site_dir: Path, pages: Sequence[str]) -> None:
        for plugin in self.plugins:
            hook = plugin.hook("site_written")
            if hook is not None:
                _called(plugin, "site_written", hook, site_dir, tuple(pages), published=True)


NO_PLUGINS = Plugins()


def _called(plugin: Plugin, what: str, hook: Callable[..., Any], *args: Any, published: bool = False) -> Any:
    """The hook's return value; whatever it raises, said as a BuildError naming the plugin,
    the hook and the line of the plugin that raised."""
    try:
        return hook(*args)
    except Exception as exc:  # noqa: BLE001 - a plugin can raise anything; name which and where
        where = _raised_at(exc, plugin.file)
        outcome = ("the new site was published, but what the plugin makes of it may be incomplete"
                   if published else "nothing was written")
        raise BuildError(f"the plugin {plugin.name!r} failed in its hook {what}{where}: "
                         f"{type(exc).__name__}: {exc}; fix the plugin or remove it from 'plugins' in site.toml "
                         f"({outcome})") from None


def _raised_at(exc: BaseException, file: Path) -> str:
    """ " at FILE:LINE" of the last frame of the plugin's file that the exception passed, or ""."""
    found = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if Path(frame.f_code.co_filename) == file:
            found = f" at {file.name}:{line}"
    return found


def _checked_articles(plugin: Plugin, returned: object) -> list[Article]:
    if not isinstance(returned, list | tuple) or not all(isinstance(a, Article) for a in returned):
        raise BuildError(f"the plugin {plugin.name!r} returned {type(returned).__name__} from its hook "
                         "articles_loaded; it must return a list of Articles, or None to keep them as they are; "
                         "nothing was written")
    seen: set[str] = set()
    for article in returned:
        if article.url in seen:
            raise BuildError(f"the plugin {plugin.name!r} returned two articles at {article.url} from its hook "
                             "articles_loaded; each article needs an address of its own; nothing was written")
        seen.add(article.url)
    return list(returned)


def load_plugins(config: Config) -> Plugins:
    """The plugins site.toml names, imported afresh; a plugin that cannot be found or
    imported, or that defines none of the hooks, is a ConfigError."""
    return Plugins(tuple(_load(name, config.root) for name in config.plugins))


@contextlib.contextmanager
def _project_first(root: Path) -> Iterator[None]:
    """The project's folder first on the module search path while a plugin is imported."""
    folder = str(root.resolve())
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)


def _load(name: str, root: Path) -> Plugin:
    fix = f"check 'plugins' in {root / 'site.toml'}"
    parent, _, _leaf = name.rpartition(".")
    with _project_first(root):
        try:
            search = importlib.import_module(parent).__path__ if parent else None
        except ImportError as exc:
            raise ConfigError(f"the plugin {name!r} was not found: its package {parent!r} cannot be imported "
                              f"({exc}); {fix}") from None
        except AttributeError:
            raise ConfigError(f"the plugin {name!r} was not found: {parent!r} is a module, not a package; "
                              f"{fix}") from None
        spec = PathFinder.find_spec(name, search)  # not sys.modules: a module of an earlier build may be stale
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            raise ConfigError(f"the plugin {name!r} was not found: no Python file of that name in the project's "
                              f"folder or among the installed modules; {fix}, or install the plugin")
        file = Path(spec.origin)
        source = file.read_bytes()
        module = importlib.util.module_from_spec(spec)
        before = sys.modules.get(name)
        sys.modules[name] = module  # as an import does: dataclasses and pickling look it up there
        try:
            exec(compile(source, str(file), "exec"), module.__dict__)  # an import, from the source just digested
        except Exception as exc:  # noqa: BLE001 - importing a plugin runs its code; name where it failed
            _restore(name, before)
            raise ConfigError(f"the plugin {name!r} failed while being imported{_raised_at(exc, file)}: "
                              f"{type(exc).__name__}: {exc}; fix the plugin or remove it from 'plugins' in "
                              "site.toml") from None
    plugin = Plugin(name, module, file, digest(source, installed_version(name, file, root)))
    if not any(plugin.hook(hook) for hook in HOOKS):  # not a plugin ("json"?): the module it replaced is back
        _restore(name, before)
        raise ConfigError(f"the plugin {name!r} ({file.name}) defines none of the hooks {', '.join(HOOKS)}; "
                          f"define at least one (see docs/plugins.md), or {fix}")
    return plugin


def _restore(name: str, before: types.ModuleType | None) -> None:
    if before is None:
        sys.modules.pop(name, None)
    else:
        sys.modules[name] = before


def installed_version(name: str, file: Path, root: Path) -> str:
    """The version of the installed distribution holding the plugin ("" for one in the project)."""
    if file.is_relative_to(root.resolve()):
        return ""
    top = name.partition(".")[0]
    versions = []
    for distribution in sorted(metadata.packages_distributions().get(top, [])):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{distribution}=={metadata.version(distribution)}")
    return " ".join(versions)
