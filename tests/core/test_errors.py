"""Every error a user can meet derives from one base, which `cli.main` reports in one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import site_builder
from site_builder.cli import main
from site_builder.core.errors import SiteBuilderError


def _error_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(site_builder.__path__, "site_builder."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name \
                    and not name.startswith("_"):
                found.append(value)
    return found


def test_every_error_class_derives_from_site_builder_error() -> None:
    classes = _error_classes()
    assert len(classes) >= 10  # the walk found the package's errors
    assert [c.__qualname__ for c in classes if not issubclass(c, SiteBuilderError)] == []


def test_a_site_builder_error_is_a_sentence_and_exit_status_2(project, capsys) -> None:
    (project / "site.toml").write_text('title = 3\n', encoding="utf-8")
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "site.toml" in err and "This is a bug" not in err
