"""gc_pause: the cycle collector paused where asked, and kept off what a build keeps."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from site_builder.build import make as groups
from site_builder.build.run import BuildError, build
from site_builder.core import gc_pause
from site_builder.core.config import load_config
from site_fixtures import write_articles


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_as_it_was_after(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with gc_pause.paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), gc_pause.paused():
            raise KeyError("a failure inside")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_what_a_build_settles_is_handed_back_to_the_collector_at_its_end(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build keeps its articles and model out of the collector's walks (gc.freeze);
    serve builds again and again in one process, so each build hands them back."""
    write_articles(project, 6, "x")
    config = load_config(project)
    frozen_while_rendering: list[int] = []
    make_group = groups.make_group

    def recorded(*args: Any, **kwargs: Any) -> Any:
        frozen_while_rendering.append(gc.get_freeze_count())
        return make_group(*args, **kwargs)

    monkeypatch.setattr(groups, "make_group", recorded)
    build(config, search=False, jobs=1)  # pages made in this process, where they are recorded
    assert frozen_while_rendering and min(frozen_while_rendering) > 0
    assert gc.get_freeze_count() == 0
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text("{{ no_such_thing.attribute }}", encoding="utf-8")
    with pytest.raises(BuildError):
        build(config, search=False)  # a failed build hands them back too
    assert gc.get_freeze_count() == 0
