"""Ctrl-C: one line saying so, exit status 130, no traceback from any process."""

from __future__ import annotations

import os
import signal
import sys
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

import pytest

from site_builder import cli
from site_builder.core import workers


def test_a_forked_process_ignores_ctrl_c_from_its_first_instruction() -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker just forked must not
    die printing a traceback; the parent handles it and its workers end with it."""
    assert workers  # its fork hook is installed on import
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports by its exit status only
        os._exit(0 if signal.getsignal(signal.SIGINT) == signal.SIG_IGN else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the parent still handles it


class _Interrupting:
    """A finder that is interrupted while the command's modules are imported."""

    def find_spec(self, name: str, path: object = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name == "site_builder.cli":
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_the_command_starts_is_one_line_and_130(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from site_builder.__main__ import run
    monkeypatch.delitem(sys.modules, "site_builder.cli")
    monkeypatch.setattr(sys, "meta_path", [_Interrupting(), *sys.meta_path])
    assert run([]) == 130
    assert capsys.readouterr().err == "interrupted\n"


@pytest.mark.parametrize("command, said", [
    (["build", "--no-search"], "interrupted; the previous site is unchanged\n"),
    (["ingest"], "interrupted; every page written is whole: run ingest again to finish\n"),
    (["check"], "interrupted\n"),
])
def test_ctrl_c_during_a_command_says_what_it_left(project: Path, monkeypatch: pytest.MonkeyPatch, capsys,
                                                   command: list[str], said: str) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt
    (project / "public").mkdir()
    monkeypatch.setattr(cli, "build", interrupted)
    monkeypatch.setattr(cli, "check_site", interrupted)
    monkeypatch.setattr("site_builder.ingest.run.ingest", interrupted)
    assert cli.main(command) == 130
    assert capsys.readouterr().err == said
