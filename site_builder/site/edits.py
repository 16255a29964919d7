"""The editor's corrections to the names the extractor found, from `entities.toml` beside
site.toml: applied to every article at build time, after the site-wide grouping of names
(names.py), so nothing needs ingesting again.

    block."Monday" = true                         # not an entity: left out of every article
    retype."Wall Street" = "place"                # person, organization or place
    merge."Blair" = "Tony Blair"                  # the same entity as another name
    display."Qassem Soleimani" = "Qasem Soleimani"  # the name its page is shown under

The same entries may be written as tables ([block], [retype], ...). A name stands for its
whole site-wide group: blocking "ECB" blocks "European Central Bank" too when the archive
merges them. A mistake in the file is reported with its line and that entry alone is left
out; the build carries on.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.core.errors import Problem
from site_builder.core.model import ENTITY_KINDS, KIND_OF_TYPE, ORGANIZATIONS, PEOPLE, PLACES, Article, EntityRef
from site_builder.site.names import NameGroup, resolve_names

EDITS_NAME = "entities.toml"
ACTIONS = ("block", "retype", "merge", "display")
TYPES = tuple(KIND_OF_TYPE)  # person, organization, place
_DONE = {"block": "blocked", "retype": "retyped", "merge": "merged", "display": "given a display name"}


@dataclass(frozen=True)
class Edit:
    action: str  # one of ACTIONS
    name: str
    value: str  # the type, the name merged into, the name shown; "" for a block
    line: int | None


@dataclass
class EntityEdits:
    """What entities.toml asks, checked as far as the file alone can be (see apply_edits
    for what needs the articles), and the text a build keys on."""

    edits: list[Edit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the file as read ("" when there is none): builds are keyed on it

    def __bool__(self) -> bool:
        return bool(self.edits)


def load_edits(root: Path) -> EntityEdits:
    """entities.toml in `root`, or no edits when there is none."""
    file = root / EDITS_NAME
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return EntityEdits()
    except OSError as exc:
        return EntityEdits(problems=[_problem(None, f"cannot be read ({exc.strerror}); no edit of it is applied")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return EntityEdits(problems=[_problem(None, "is not UTF-8 text; save it as UTF-8 (no edit of it is "
                                                    "applied)")], text=data.hex())
    return parse_edits(text)


def parse_edits(text: str) -> EntityEdits:
    """The edits of entities.toml's text, each mistake a Problem with its line."""
    result = EntityEdits(text=text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _decode_error_line(str(exc))
        result.problems.append(_problem(line, f"is not valid TOML ({exc}); fix it: until then no edit of it is "
                                              "applied"))
        return result
    except RecursionError:  # tomllib recurses once per level of nested arrays or tables
        result.problems.append(_problem(1, "is not valid TOML (values nested thousands of levels deep); fix it: "
                                           "until then no edit of it is applied"))
        return result
    lines = _key_lines(text)
    for action, entries in data.items():
        if action not in ACTIONS:
            close = difflib.get_close_matches(action, ACTIONS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys are {', '.join(ACTIONS)}"
            result.problems.append(_problem(lines.get((action,)), f"unknown key '{action}'; {hint} "
                                                                   "(its entries are ignored)"))
            continue
        if not isinstance(entries, dict):
            result.problems.append(_problem(lines.get((action,)), f"'{action}' must hold names, one a line: "
                                                                   f"{_example(action)}"))
            continue
        for name, value in entries.items():
            line = lines.get((action, name))
            problem = _entry_problem(action, name, value)
            if problem:
                result.problems.append(_problem(line, problem))
            elif action != "block" or value is True:
                result.edits.append(Edit(action, name.strip(), "" if action == "block" else value.strip(), line))
    _drop_conflicts(result)
    return result


def edit_line(action: str, name: str, value: str | bool) -> str:
    """One line of entities.toml, as the review suggests it and messages show it: a name stays
    text whatever it holds (JSON's string escapes are TOML's)."""
    shown = "true" if value is True else "false" if value is False else json.dumps(value, ensure_ascii=False)
    return f"{action}.{json.dumps(name, ensure_ascii=False)} = {shown}"


def _example(action: str, name: str = "Name") -> str:
    examples: dict[str, str | bool] = {"block": True, "retype": "place", "merge": "Other Name",
                                       "display": "Shown Name"}
    return edit_line(action, name, examples[action])


def _entry_problem(action: str, name: str, value: object) -> str | None:
    if not name.strip():
        return f"an empty name in '{action}'; write the name as the index shows it"
    if action == "block":
        return None if isinstance(value, bool) else f"block.{name!r} must be true (or false), e.g. " + \
            _example(action, name)
    if not isinstance(value, str) or not value.strip():
        return f"{action}.{name!r} must be a name in quotes, e.g. {_example(action, name)}"
    if action == "retype" and value.strip() not in TYPES:
        return f"'{name}' cannot be retyped to {value!r}: the types are {', '.join(TYPES)}"
    return None


def _drop_conflicts(result: EntityEdits) -> None:
    """A name blocked and also retyped, merged or renamed, or merged and also retyped or
    renamed, asks two things at once: neither is applied. Merges going round in a circle
    are not applied either."""
    by_name: dict[str, list[Edit]] = defaultdict(list)
    for edit in result.edits:
        by_name[edit.name.casefold()].append(edit)
    dropped: set[int] = set()
    for edits in by_name.values():
        actions = {edit.action for edit in edits}
        clash = "block" in actions and len(actions) > 1 or "merge" in actions and actions & {"retype", "display"}
        if clash:
            first, second = sorted(actions, key=ACTIONS.index)[:2]
            where = " and ".join(str(e.line) for e in edits if e.line) or "?"
            result.problems.append(_problem(edits[0].line, f"'{edits[0].name}' is both {_DONE[first]} and "
                                            f"{_DONE[second]} (lines {where}); neither is applied: keep one"))
            dropped.update(map(id, edits))
    merges = {e.name.casefold(): e for e in result.edits if e.action == "merge" and id(e) not in dropped}
    for start in sorted(merges):
        seen: list[str] = []
        key = start
        while key in merges and key not in seen:
            seen.append(key)
            key = merges[key].value.casefold()
        if key == start and seen:
            cycle = [merges[k] for k in seen]
            if not any(id(e) in dropped for e in cycle):
                names = " → ".join([*(e.name for e in cycle), cycle[0].name])
                result.problems.append(_problem(cycle[0].line, f"the merges {names} go round in a circle; none of "
                                                "them is applied: merge each into the name to keep"))
            dropped.update(map(id, cycle))
    result.edits = [edit for edit in result.edits if id(edit) not in dropped]


def _problem(line: int | None, message: str, fatal: bool = True) -> Problem:
    return Problem(EDITS_NAME, line, message, fatal=fatal)


def _decode_error_line(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


# A TOML key as written: bare, "basic" or 'literal', possibly dotted.
_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ASSIGNMENT = re.compile(rf"\s*({_DOTTED})\s*=")
_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?$")


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY_PART, dotted)
    return tuple(tomllib.loads(f"k = {p}")["k"] if p[0] in "\"'" else p for p in parts)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line each key is set on (and each table's header), by its full path, for
    messages. The file parsed as TOML already: this only finds where things are."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group(1))
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            path = table + _key_parts(assignment.group(1))
            for end in range(1, len(path) + 1):
                lines.setdefault(path[:end], number)
    return lines


# --- applying them --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    kind: str
    name: str


@dataclass(frozen=True)
class _Change:
    """What becomes of one spelling of one kind: blocked (kind None), or filed under `kind`
    with the name `name` (None: its own)."""

    kind: str | None
    name: str | None


@dataclass(frozen=True)
class EditPlan:
    """The edits as worked out over one archive: (kind, casefolded spelling) -> its change,
    for the spellings of the names edited only. `apply` takes any article, also one of
    an earlier build (the file:// index compares with those)."""

    changes: Mapping[tuple[str, str], _Change] = field(default_factory=dict)

    def apply(self, article: Article) -> Article:
        if not self.changes:
            return article
        own: dict[str, list[EntityRef]] = {kind: [] for kind in ENTITY_KINDS}
        moved: dict[str, list[EntityRef]] = {kind: [] for kind in ENTITY_KINDS}  # after a kind's own names
        touched = False
        for kind in ENTITY_KINDS:
            for ref in article.entities(kind):
                change = self.changes.get((kind, ref.name.casefold()))
                if change is None:
                    own[kind].append(ref)
                    continue
                touched = True
                if change.kind is not None:
                    renamed = _renamed(ref, change.name) if change.name else ref
                    (own if change.kind == kind else moved)[change.kind].append(renamed)
        if not touched:
            return article
        lists = {kind: _unique([*own[kind], *moved[kind]]) for kind in ENTITY_KINDS}
        return replace(article, people=lists[PEOPLE.key], organizations=lists[ORGANIZATIONS.key],
                       places=lists[PLACES.key])


def apply_edits(articles: Sequence[Article], edits: EntityEdits) -> tuple[list[Article], list[Problem]]:
    """The articles with the editor's edits applied to their people, organizations and
    places (see plan_edits); an article no edit touches is the very same object."""
    plan, problems = plan_edits(articles, edits)
    return [plan.apply(article) for article in articles], problems


def plan_edits(articles: Sequence[Article], edits: EntityEdits) -> tuple[EditPlan, list[Problem]]:
    """What the edits do to these articles' names, each name standing for its site-wide
    group (names.resolve_names), and the problems only the articles can show: a name no
    article has, a merge into a name that does not exist or is blocked."""
    if not edits:
        return EditPlan(), []
    groups = {kind: resolve_names(kind, ((r.name, r.aliases) for a in articles for r in a.entities(kind)))
              for kind in ENTITY_KINDS}
    uses = {kind: _uses(articles, kind, groups[kind]) for kind in ENTITY_KINDS}

    def found(name: str) -> list[tuple[str, NameGroup]]:
        key = name.casefold()
        return [(kind, groups[kind][key]) for kind in ENTITY_KINDS if key in groups[kind]]

    asked, problems = _edits_by_group(edits, found)
    changes = _merge_changes(asked, found, uses, problems)
    for key in asked.blocked:
        changes.update(((key[0], spelling), _Change(None, None)) for spelling in asked.members[key])
    for key in asked.retyped.keys() | asked.displayed.keys():
        if key not in asked.blocked and key not in asked.merged:
            change = _Change(asked.retyped.get(key, key[0]), asked.displayed.get(key))
            changes.update(((key[0], spelling), change) for spelling in asked.members[key])
    return EditPlan(changes), problems


@dataclass
class _GroupEdits:
    """The edits by the name group they name, each group keyed (kind, group name)."""

    members: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)  # -> its spellings
    blocked: set[tuple[str, str]] = field(default_factory=set)
    retyped: dict[tuple[str, str], str] = field(default_factory=dict)  # -> kind
    displayed: dict[tuple[str, str], str] = field(default_factory=dict)  # -> the name shown
    merged: dict[tuple[str, str], Edit] = field(default_factory=dict)  # -> the merge (its final target: _merge_target)


def _edits_by_group(edits: EntityEdits,
                    found: Callable[[str], list[tuple[str, NameGroup]]]) -> tuple[_GroupEdits, list[Problem]]:
    """The edits filed under the groups their names stand for, in every kind naming them, and a
    warning for each edit of a name no article has."""
    asked = _GroupEdits()
    problems: list[Problem] = []
    for edit in edits.edits:
        matches = found(edit.name)
        if not matches:
            problems.append(_problem(edit.line, f"no article names '{edit.name}', so this line does nothing; "
                                                "correct the name or remove the line", fatal=False))
            continue
        for kind, group in matches:
            key = (kind, group.name)
            asked.members[key] = group.members
            if edit.action == "block":
                asked.blocked.add(key)
            elif edit.action == "retype":
                asked.retyped[key] = KIND_OF_TYPE[edit.value].key
            elif edit.action == "display":
                asked.displayed[key] = edit.value
            else:
                asked.merged[key] = edit
    return asked, problems


def _merge_changes(asked: _GroupEdits, found: Callable[[str], list[tuple[str, NameGroup]]],
                   uses: dict[str, dict[str, int]], problems: list[Problem]) -> dict[tuple[str, str], _Change]:
    """The change of each spelling of a group merged into another; a merge into a name no article
    has, or one that is blocked, is not applied but added to `problems`, once per line."""
    changes: dict[tuple[str, str], _Change] = {}
    reported: set[int] = set()  # a line names one mistake once, whatever kinds its name has
    for key, merge in sorted(asked.merged.items(), key=lambda item: item[0]):
        target = _merge_target(key, merge.value, found, asked.merged, uses)
        if target is None or (target.kind, target.name) in asked.blocked:
            if id(merge) not in reported:
                reported.add(id(merge))
                problems.append(_problem(merge.line, _merge_mistake(merge, target)))
            continue
        target_key = (target.kind, target.name)
        if target_key != key:  # else already one entity
            change = _Change(asked.retyped.get(target_key, target.kind), asked.displayed.get(target_key, target.name))
            changes.update(((key[0], spelling), change) for spelling in asked.members[key])
    return changes


def _merge_mistake(merge: Edit, target: _Target | None) -> str:
    if target is None:
        return f"'{merge.name}' cannot be merged into '{merge.value}': no article names " \
               f"'{merge.value}'; write a name the index shows"
    return f"'{merge.name}' is merged into '{merge.value}', which is blocked; the merge is not " \
           "applied: keep one of them"


def _uses(articles: Sequence[Article], kind: str, groups: dict[str, NameGroup]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for article in articles:
        for name in {groups[r.name.casefold()].name for r in article.entities(kind)}:
            counts[name] += 1
    return counts


def _merge_target(key: tuple[str, str], into: str, found: Callable[[str], list[tuple[str, NameGroup]]],
                  merged: dict[tuple[str, str], Edit], uses: dict[str, dict[str, int]]) -> _Target | None:
    """Where a merge ends: the group `into` names, followed through further merges (cycles
    were refused when the file was read); in the kind where most articles name it."""
    seen = {key}
    while True:
        matches = found(into)
        if not matches:
            return None
        kind, group = min(matches, key=lambda m: (-uses[m[0]].get(m[1].name, 0), ENTITY_KINDS.index(m[0])))
        next_key = (kind, group.name)
        if next_key in seen or next_key not in merged:
            return _Target(kind, group.name)
        seen.add(next_key)
        into = merged[next_key].value


def _renamed(ref: EntityRef, name: str) -> EntityRef:
    """`ref` under another name; its own spellings become aliases, so the page lists them."""
    aliases = dict.fromkeys(a for a in (*ref.aliases, ref.name) if a.casefold() != name.casefold())
    return EntityRef(name, tuple(aliases))


def _unique(refs: Iterable[EntityRef]) -> tuple[EntityRef, ...]:
    """One ref per name (the first place it had), with the aliases of all."""
    merged: dict[str, EntityRef] = {}
    for ref in refs:
        key = ref.name.casefold()
        known = merged.get(key)
        merged[key] = ref if known is None else EntityRef(known.name, tuple(dict.fromkeys(
            a for a in (*known.aliases, *ref.aliases, ref.name) if a.casefold() != key)))
    return tuple(merged.values())
