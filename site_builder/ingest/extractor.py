"""An external entity extractor named in site.toml (`entity_command`).

The command speaks the JSON Lines protocol of `site-builder entities`: one
`{"id", "text"}` line in, one `{"id", "entities": [{"name", "type", "mentions"}]}` line out,
in order. One process serves the whole ingest: a thread writes the requests while answers
are read, so a command that buffers its output cannot deadlock it. When the command dies,
the article it was working on is reported and a fresh process carries on with the rest.
"""

from __future__ import annotations

import collections
import hashlib
import json
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from site_builder.core.errors import SiteBuilderError
from site_builder.core.jsontext import TooDeepError, parse_json
from site_builder.core.model import KIND_OF_TYPE
from site_builder.ingest.entities import Entity

TYPES = frozenset(KIND_OF_TYPE)  # "person", "organization", "place": the kinds the site shows
MAX_RESTARTS = 3  # in a row, without one good answer in between
STDERR_TAIL = 400
STOP_TIMEOUT = 10.0  # seconds a command may take to exit after closing its output

Item = TypeVar("Item")


class ExtractorError(SiteBuilderError):
    """The command cannot be run at all (missing, not executable)."""


@dataclass(frozen=True)
class Request:
    id: str
    text: str


def extractor_version(command: list[str], root: Path) -> str:
    """The command line and a hash of every file it names (the script, a model file), so
    editing the extractor changes the version and refreshes untouched pages."""
    digest = hashlib.sha256(json.dumps(command).encode())
    for arg in command:
        path = root / arg
        try:
            if path.is_file():
                digest.update(path.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()[:16]


def parse_answer(line: str, expected_id: str) -> list[Entity]:
    """Entities from one answer line; ValueError says what is wrong with it. Entities of other
    types than person/organization/place are left out."""
    try:
        record = parse_json(line)
    except TooDeepError as exc:
        raise ValueError(str(exc)) from None
    except ValueError:
        raise ValueError(f"it is not JSON: {line[:80]!r}") from None
    if not isinstance(record, dict) or not isinstance(record.get("entities"), list):
        raise ValueError('it is not an object with an "entities" list')
    if record.get("id") != expected_id:
        raise ValueError(f'its "id" is {record.get("id")!r}, expected {expected_id!r} (answers must come in order)')
    entities: list[Entity] = []
    for item in record["entities"]:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError('an entity is not an object with a "name"')
        if item.get("type") not in TYPES:
            continue
        mentions = item.get("mentions", [])
        if not isinstance(mentions, list) or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in m)
            for m in mentions
        ):
            raise ValueError(f'the "mentions" of {item["name"]!r} are not [start, end] pairs')
        entities.append(Entity(name=item["name"].strip(), type=item["type"],
                               mentions=tuple(sorted((s, e) for s, e in mentions))))
    return entities


def with_aliases(entities: list[Entity], text: str) -> list[Entity]:
    """The command gives names and mentions; the other spellings in the text become aliases."""
    result = []
    for entity in entities:
        spans = [(s, e) for s, e in entity.mentions if 0 <= s < e <= len(text)]
        aliases = tuple(sorted({text[s:e] for s, e in spans if text[s:e].lower() != entity.name.lower()}))
        result.append(Entity(entity.name, entity.type, tuple(spans), aliases))
    return result


class CommandExtractor:
    """Streams requests through one long-running process of `command` (run in `root`)."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.command = command
        self.root = root
        self.name = " ".join(command)
        self.version = extractor_version(command, root)

    def _start(self) -> subprocess.Popen[str]:
        try:
            return subprocess.Popen(self.command, cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
        except FileNotFoundError:
            raise ExtractorError(f"entity_command in site.toml: {self.command[0]!r} was not found; "
                                 "name a program on PATH or a path relative to site.toml") from None
        except PermissionError:
            raise ExtractorError(f"entity_command in site.toml: {self.command[0]!r} cannot be run "
                                 "(not executable); run it through its interpreter, e.g. [\"python\", ...]") from None

    def stream(self, items: Iterable[Item], request: Callable[[Item], Request | None]
               ) -> Iterator[tuple[Item, list[Entity] | str | None]]:
        """(item, entities) for every item in order; a string instead of entities says why this
        item has none (the command crashed on it, or answered it with a malformed line); None
        when `request` gave no request for it."""
        pending = iter(items)
        restarts = 0
        while True:
            outcome = self._run_once(pending, request)
            failed_at = None
            for result in outcome:
                if isinstance(result, _Crash):
                    failed_at = result
                    break
                if result[1] is not None and not isinstance(result[1], str):
                    restarts = 0
                yield result
            if failed_at is None:
                return
            restarts += 1
            if failed_at.item is not None:
                yield failed_at.item, failed_at.reason
            if restarts > MAX_RESTARTS:
                reason = f"skipped: the entity command failed {restarts} times in a row"
                for item in failed_at.rest:
                    yield item, reason
                for item in pending:
                    yield item, reason
                return
            pending = _chain(failed_at.rest, pending)

    def _run_once(self, pending: Iterator[Item], request: Callable[[Item], Request | None]
                  ) -> Iterator[tuple[Item, list[Entity] | str | None] | _Crash[Item]]:
        process = self._start()
        stdin, stdout, stderr = process.stdin, process.stdout, process.stderr
        assert stdin is not None and stdout is not None and stderr is not None
        in_flight: collections.deque[tuple[Item, Request | None]] = collections.deque()
        lock = threading.Condition()
        errors: list[str] = []
        writer_done = threading.Event()

        def write() -> None:
            try:
                for item in pending:
                    req = request(item)
                    with lock:
                        in_flight.append((item, req))
                        lock.notify()
                    if req is not None:
                        stdin.write(json.dumps({"id": req.id, "text": req.text}, ensure_ascii=False) + "\n")
                        stdin.flush()
            except (BrokenPipeError, OSError):
                pass  # the process died; the reader reports it
            finally:
                writer_done.set()
                with lock:
                    lock.notify()
                try:
                    stdin.close()
                except OSError:
                    pass

        def drain_stderr() -> None:
            for line in stderr:
                errors.append(line)
                del errors[:-20]

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        draining = threading.Thread(target=drain_stderr, daemon=True)
        draining.start()
        try:
            yield from self._answers(process, writer, in_flight, lock, writer_done, (errors, draining))
        finally:
            if process.poll() is None:
                process.kill()  # abandoned half-way (an error or an interrupt in the caller)
                process.wait()

    def _answers(self, process: subprocess.Popen[str], writer: threading.Thread,
                 in_flight: collections.deque[tuple[Item, Request | None]], lock: threading.Condition,
                 writer_done: threading.Event, stderr: tuple[list[str], threading.Thread]
                 ) -> Iterator[tuple[Item, list[Entity] | str | None] | _Crash[Item]]:
        errors, draining = stderr  # its last lines, and the thread that reads them
        stdout = process.stdout
        assert stdout is not None
        while True:
            with lock:
                while not in_flight and not writer_done.is_set():
                    lock.wait()
                if not in_flight:
                    break
                item, req = in_flight.popleft()
            if req is None:
                yield item, None
                continue
            line = stdout.readline()
            if not line:
                # The process is gone: once the writer has noticed (a broken pipe), everything it
                # sent and was not answered goes to the next process.
                try:
                    process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()  # it closed its output but kept running
                    process.wait()
                writer.join()
                # What it said last may still be in the pipe: read to its end (a child process of
                # the command may hold it open, hence the timeout).
                draining.join(timeout=STOP_TIMEOUT)
                tail = "".join(errors).strip()[-STDERR_TAIL:]
                rest = [entry for entry, _ in in_flight]
                in_flight.clear()
                reason = (f"the entity command stopped (exit status {process.returncode}) while reading it"
                          + (f": {tail}" if tail else ""))
                yield _Crash(item, reason, rest)
                return
            try:
                yield item, with_aliases(parse_answer(line, req.id), req.text)
            except ValueError as exc:
                yield item, f"the entity command's answer is malformed: {exc}"
        stdout.close()
        process.wait()


@dataclass
class _Crash(Generic[Item]):
    item: Item | None
    reason: str
    rest: list[Item]


def _chain(first: list[Item], then: Iterator[Item]) -> Iterator[Item]:
    yield from first
    yield from then

