"""Markdown pages with YAML front matter: `---`, YAML, `---`, body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.core.errors import LocatedError

DELIMITER = "---"


class FrontMatterError(LocatedError):
    """A content page whose front matter cannot be read."""


@dataclass(frozen=True)
class ContentPage:
    meta: dict[str, Any]
    body: str
    duplicate_keys: tuple[tuple[str, int], ...] = ()  # (key, line) of each key written again in one mapping


# libyaml's safe loader when PyYAML has it (about ten times faster on large sites);
# both refuse tags that would construct objects.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, except that a value YAML cannot construct is an error with
    its line, never an exception from deep inside PyYAML."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. `!!int abc`
            raise yaml.constructor.ConstructorError(None, None, f"cannot read the value {node.value!r:.60} "
                                                    f"({exc})", node.start_mark) from None


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # `date: 2020-02-30` looks like a timestamp but is none: keep it as text, so that
    # the date rule (dates.read_date) reports it with its line like any other bad date.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class _Loader(_SafeLoader):
    """The safe loader, noting keys written twice in one mapping: YAML would keep
    the last one without a word, and a person's first value would vanish."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key = (key_node.tag, key_node.value)
                if key in seen:
                    self.duplicate_keys.append((key_node.value, key_node.start_mark.line + 2))
                seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping


class _Dumper(yaml.SafeDumper):
    pass


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line values read best as literal blocks; the rest stay plain or quoted.
    style = "|" if "\n" in value and value == value.strip() and "\t" not in value else None
    if any(c in value for c in _LINE_BREAKS):
        style = '"'  # YAML reads these as line breaks unless escaped
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def render_page(page: ContentPage) -> str:
    meta = yaml.dump(page.meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=10**9, default_flow_style=False)
    body = page.body.strip("\n")
    return f"{DELIMITER}\n{meta}{DELIMITER}\n\n{body}\n" if body else f"{DELIMITER}\n{meta}{DELIMITER}\n"


def parse_page(text: str) -> ContentPage:
    """Text of a content page → `ContentPage`. Only plain YAML data is accepted:
    tags that would construct objects are refused."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        raise FrontMatterError("the page must start with a '---' line opening the front matter", 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == DELIMITER)
    except StopIteration:
        raise FrontMatterError("the front matter opened on line 1 is never closed by a '---' line", 1) from None
    source = "\n".join(lines[1:end])
    try:
        loader = _Loader(source)
        try:
            meta = loader.get_single_data() if source.strip() else {}
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = "YAML tags that build objects (like !!python/...) are not allowed in front matter"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; its place, not a mark
        line = source.count("\n", 0, exc.position) + 2
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FrontMatterError(f"front matter is not valid YAML: the character U+{code:04X} is not "
                               "allowed there (control characters are not); remove it", line) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError("front matter is not valid YAML: " + " ".join(str(exc).split())) from None
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping of `key: value` lines", 2)
    body = "\n".join(lines[end + 1:]).strip("\n")
    return ContentPage(meta=meta, body=body + "\n" if body else "", duplicate_keys=tuple(loader.duplicate_keys))


def key_line(text: str, key: str) -> int | None:
    """The line where a front matter key is written, for error messages."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.rstrip() == DELIMITER:
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def _top_level_key(line: str) -> str | None:
    """The key a front matter line starts with at column 0 (`title: ...` → "title")."""
    match = re.match(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)", line.rstrip("\r"))
    return match.group(1) if match else None


def add_to_list(text: str, key: str, value: str) -> str | None:
    """`text` of a content page with `value` added at the end of the list under the
    top-level front matter `key`; every other line stays as it was. An absent or
    empty key becomes a `key: [value]` line; a block list (`- item` lines) gets one
    more item line; a list written in brackets is written again with `value` at its
    end. None when that cannot be done safely: the page does not parse, `key` holds
    something other than a list, or the edited page would not read back as the same
    page with `value` added."""
    try:
        before = parse_page(text)
    except FrontMatterError:
        return None
    current = before.meta.get(key)
    if current is not None and not isinstance(current, list):
        return None
    lines = text.split("\n")
    eol = "\r" if lines[0].endswith("\r") else ""  # a page saved with CRLF line ends keeps them
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == DELIMITER), len(lines))
    start = next((i for i in range(1, end) if _top_level_key(lines[i]) == key), None)
    if start is None:
        lines.insert(end, f"{key}: {_flow([value])}{eol}")
    else:
        last = start  # the key's value runs on over indented lines and `- item` lines
        for i in range(start + 1, end):
            if lines[i].startswith((" ", "\t", "-")):
                last = i
            elif lines[i].strip() and not lines[i].startswith("#"):
                break
        items = lines[start + 1:last + 1]
        block_item = next((line for line in items if line.lstrip().startswith("- ")), None)
        head = lines[start].split(":", 1)[1].strip()
        if current and block_item is not None and (not head or head.startswith("#")):
            indent = block_item[:len(block_item) - len(block_item.lstrip())]
            lines.insert(last + 1, f"{indent}- {_flow([value])[1:-1]}{eol}")
        else:
            lines[start:last + 1] = [f"{key}: {_flow([*(current or []), value])}{eol}"]
    edited = "\n".join(lines)
    try:
        after = parse_page(edited)
    except FrontMatterError:
        return None
    if after.meta != {**before.meta, key: [*(current or []), value]} or after.body != before.body:
        return None
    return edited


def _flow(items: list[Any]) -> str:
    """A list as YAML writes it on one line: `[a, 'b: c']`."""
    return str(yaml.dump(items, Dumper=_Dumper, default_flow_style=True, width=10**9, allow_unicode=True)).strip()
