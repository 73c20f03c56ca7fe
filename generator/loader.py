"""Reading YAML records safely, keeping the file, line and column of every value.

PyYAML's own ``safe_load`` loses positions, silently keeps the last of two equal keys
and expands aliases without limit. Here the YAML is only *composed* into nodes (which
carry their marks) and the nodes are turned into plain JSON-like values by this module,
which checks for the traps a hand editor walks into on the way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

from generator.diagnostics import Diagnostic, Severity, format_field
from generator.record_files import UnreadableFile, read_plain_file
from generator.slugs import RESERVED_SLUGS, SLUG_PATTERN
from generator.text import character_name

try:  # libyaml is many times faster; the pure-Python composer gives the same nodes.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
# A record has a few hundred values; this bounds what aliases can expand to.
MAX_VALUES = 20_000
# A record nests four levels (locations -> [0] -> coordinates -> lat); deeper is a mistake,
# and thousands of levels would exhaust Python's stack.
MAX_DEPTH = 16

Path_ = tuple[str | int, ...]


# Named tuples, not dataclasses: a record has hundreds of values and these are made for each.
class Position(NamedTuple):
    line: int
    column: int


class Scalar(NamedTuple):
    """How a scalar was written, so that messages can quote it and types can be mended."""

    text: str
    tag: str
    quoted: bool


@dataclass
class Record:
    """A loaded record: its data as plain values, and where each value came from."""

    path: Path
    display_path: str
    data: dict[str, Any]
    # Plain (line, column) and (text, tag, quoted) tuples: made for every value, so cheap.
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Path_, tuple[str, str, bool]] = field(default_factory=dict)
    # What the loader noticed that is legal YAML but probably not what the editor meant.
    notes: list[Diagnostic] = field(default_factory=list)
    # Points normalisation gave locations without coordinates: index -> ((lat, lon), origin)
    # with origin "cache", "geocoded" or "zip" (the ZIP's centre).
    filled: dict[int, tuple[tuple[float, float], str]] = field(default_factory=dict)

    def scalar(self, path: Path_) -> Scalar | None:
        """How the scalar at ``path`` was written, if it is one."""
        found = self.scalars.get(path)
        return Scalar(*found) if found else None

    @property
    def slug(self) -> str:
        return self.path.stem

    def compact(self) -> None:
        """Forget the positions no later check needs; 10,000 records must fit in memory.

        What checks across records still point at: the file (root), the name and the
        licence numbers.
        """
        keep = {
            path: pos
            for path, pos in self.value_positions.items()
            if len(path) < 2 or (path[0] == "licenses" and path[-1] == "number")
        }
        self.value_positions = keep
        self.key_positions = {}
        self.scalars = {}

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The position of a value (or its key), falling back to the nearest parent."""
        table = self.key_positions if key else self.value_positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return Position(*table[probe])
            if key and probe in self.value_positions:
                return Position(*self.value_positions[probe])
            probe = probe[:-1]
        return Position(*self.value_positions.get((), (1, 1)))

    def diagnostic(
        self,
        path: Path_,
        severity: Severity,
        message: str,
        *,
        at_key: bool = False,
        place: Path_ | None = None,
        time_based: bool = False,
    ) -> Diagnostic:
        """A finding about ``path``, shown at its value (or key, or another ``place``)."""
        pos = self.position(path if place is None else place, key=at_key)
        return Diagnostic(
            self.display_path, pos.line, pos.column, severity, format_field(path), message,
            time_based,
        )


@dataclass
class LoadResult:
    record: Record | None
    diagnostics: list[Diagnostic]


class _RecordError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0, field_: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.field = field_


def load_record(
    path: Path, display_path: str | None = None, *, raw: bytes | None = None
) -> LoadResult:
    """Load one record file (or ``raw``, its bytes already read). Never raises for bad
    input: problems come back as diagnostics."""
    shown = display_path or str(path)
    try:
        record = _load(path, shown) if raw is None else _record_from_bytes(raw, path, shown)
    except _RecordError as err:
        diag = Diagnostic(shown, err.line, err.column, Severity.ERROR, err.field, err.message)
        return LoadResult(None, [diag])
    return LoadResult(record, _slug_diagnostics(record) + record.notes)


def load_text(text: str, display_path: str = "<text>") -> LoadResult:
    """Load a record from text (used by tests and tools that have no file)."""
    try:
        record = _record_from_text(text, Path(display_path), display_path)
    except _RecordError as err:
        diag = Diagnostic(
            display_path, err.line, err.column, Severity.ERROR, err.field, err.message
        )
        return LoadResult(None, [diag])
    return LoadResult(record, record.notes)


def _load(path: Path, shown: str) -> Record:
    try:
        raw = read_plain_file(path, MAX_FILE_BYTES)
    except UnreadableFile as err:
        raise _RecordError(str(err)) from None
    return _record_from_bytes(raw, path, shown)


def _record_from_bytes(raw: bytes, path: Path, shown: str) -> Record:
    return _record_from_text(_decode(raw), path, shown)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise _RecordError(
            f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in VS Code: 'Save with Encoding' > 'UTF-8')",
            line,
            column,
        ) from None


def _record_from_text(text: str, path: Path, shown: str) -> Record:
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise _RecordError(f"the text is larger than {MAX_FILE_BYTES // 1024} KB")
    _check_tabs(text)
    _check_characters(text)
    _check_directives(text)
    root = _compose(text)
    if root is None:
        raise _RecordError(
            "the file is empty; start from `python -m generator new \"Program name\"`", 1, 1
        )
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        line, column = _mark(root)
        raise _RecordError(
            f"a record must be a mapping of keys to values (name: ..., summary: ...), "
            f"but this file is {kind}",
            line,
            column,
        )
    record = Record(path=path, display_path=shown, data={})
    builder = _Builder(record)
    record.data = builder.build(root)
    record.notes = list(_hidden_by_comments(text, record))
    return record


# `address: 2417 S Lamar Blvd #200`: YAML reads " #200" as a comment and drops it. A
# comment that starts right after the # (no space) is almost always part of the value.
_SUITE_AS_COMMENT = re.compile(
    r"^[ ]*(?:-[ ]+)?[^\s#'\"][^:\n]*:[ ]+"  # a key (maybe a list item's)
    r"(?P<value>[^'\"\s#&*!|>{\[][^\n]*?)[ ]+#(?P<rest>\S[^\n]*)$",  # a plain value, "#x"
    re.MULTILINE,
)


def _hidden_by_comments(text: str, record: Record) -> Iterator[Diagnostic]:
    if " #" not in text:
        return
    by_place = {pos: path for path, pos in record.value_positions.items()}
    for match in _SUITE_AS_COMMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start("value") - match.start() + 1
        path = by_place.get((line, column))
        if path is None:
            continue
        value, rest = match.group("value"), match.group("rest").rstrip()
        yield Diagnostic(
            record.display_path, line, column, Severity.WARNING, format_field(path),
            f"YAML reads \" #{rest}\" as a comment, so the value is only '{value}'; if "
            f"#{rest} belongs to it, put the whole value in quotes: \"{value} #{rest}\"",
        )


_TAB_IN_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# What YAML 1.1 allows in a stream (tab, LF, CR, printable characters and NEL); anything
# else libyaml rejects with a byte offset, not a line. Surrogates cannot be decoded.
_NOT_YAML_CHARACTER = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DIRECTIVE = re.compile(r"^%\S*", re.MULTILINE)


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_characters(text: str) -> None:
    found = _NOT_YAML_CHARACTER.search(text)
    if found:
        raise _RecordError(
            f"the file holds {character_name(found.group())}, a character that cannot be in "
            "a record and is invisible in most editors; delete it",
            *_where(text, found.start()),
        )


def _check_directives(text: str) -> None:
    """``%TAG`` can make any tag look like a standard one, ``%YAML`` change the rules."""
    found = _DIRECTIVE.search(text)
    if found:
        raise _RecordError(
            f"the YAML directive {found.group()!r} is not used in records; delete the line "
            "(and the '---' after it)",
            *_where(text, found.start()),
        )


def _check_tabs(text: str) -> None:
    found = _TAB_IN_INDENT.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise _RecordError(
            "a tab is used for indentation; YAML allows only spaces "
            "(set your editor to insert spaces)",
            line,
            found.end() - found.start(),
        )


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_VALUE = "tag:yaml.org,2002:value"
_MERGE = "tag:yaml.org,2002:merge"

# Editors check records in VS Code, whose YAML extension reads YAML 1.1 (the project's
# .vscode/settings.json sets it) with the `yaml` package. Where that reader and PyYAML
# read a plain scalar differently, the record is read as the editor's reader does, so the
# validator and the editor agree on what is text, a boolean or a number:
# y/Y/n/N are booleans there (as the YAML 1.1 spec says; PyYAML leaves them out), and
# numbers PyYAML takes for text: 08901 and 09:30 (a leading zero that is not octal),
# 1e3 and 1.5E3 (an exponent without a dot or a sign), -.5 and +.5.
_EDITOR_BOOLEANS = {"y": True, "Y": True, "n": False, "N": False}
_EDITOR_INT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*")
_EDITOR_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*"
)


def _has_digits(text: str) -> bool:
    """Whether an integer's spelling has a digit after its sign and base prefix."""
    body = text.lstrip("+-")
    if body[:2] in ("0x", "0b"):
        body = body[2:]
    elif body[:1] == "0" and ":" not in body:
        body = body[1:] or "0"
    return body.strip("_") != ""


def _editor_reading(text: str) -> tuple[str, Any] | None:
    """The tag and value the editor's YAML 1.1 reader gives a plain scalar that PyYAML
    reads as text, or None where both read text."""
    if text in _EDITOR_BOOLEANS:
        return _BOOL, _EDITOR_BOOLEANS[text]
    if _EDITOR_INT.fullmatch(text):
        if not _has_digits(text):  # 0x_, 0__: the editor's reader makes NaN of them
            return _INT, float("nan")
        sign = -1 if text[0] == "-" else 1
        digits = [int(part, 10) for part in text.lstrip("+-").replace("_", "").split(":")]
        value = 0
        for part in digits:  # 09:30 is sexagesimal, 570
            value = value * 60 + part
        return _INT, sign * value
    if _EDITOR_FLOAT.fullmatch(text):
        try:
            return _FLOAT, float(text.replace("_", ""))
        except ValueError:  # "." or "-.": the editor's reader makes NaN of them
            return _FLOAT, float("nan")
    return None


class _RecordLoader(_YamlLoader):
    """libyaml's composer with a memoised resolver that reads plain scalars as the editor.

    PyYAML resolves each plain scalar's type with regular expressions in Python, called
    for every node; records repeat the same keys and values, so the answers are cached.
    The results are the safe loader's, except for the few spellings the editor's YAML 1.1
    reader takes differently (``_editor_reading``).
    """

    _plain_tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
                if tag == _VALUE:  # PyYAML's `=`: plain text to the editor
                    tag = _STR
                elif tag == _STR and (reading := _editor_reading(value)) is not None:
                    tag = reading[0]
                if len(self._plain_tags) < 50_000:
                    self._plain_tags[value] = tag
            return tag
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers are registered; skip the per-node bookkeeping

    def ascend_resolver(self) -> None:
        pass


def _compose(text: str) -> yaml.Node | None:
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        problem, mark = _syntax_problem(err)
        if mark is not None and problem.startswith(_SURROGATE_PROBLEM):
            problem = _surrogate_problem(text, mark) or problem
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise _RecordError(f"YAML syntax: {problem}", line, column) from None
    except yaml.YAMLError as err:
        raise _RecordError(f"YAML syntax: {err}") from None
    except RecursionError:
        raise _RecordError("the YAML is nested too deeply to be a record") from None
    finally:
        loader.dispose()
    return node


_SURROGATE_PROBLEM = "an escape such as \\ud800"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})(?:\\u([0-9a-fA-F]{4}))?")


def _surrogate_problem(text: str, mark: Any) -> str | None:
    """The surrogate escape at the mark, named: JSON writes a character beyond U+FFFF as
    two halves (``\\ud83c\\udf3f``), which YAML cannot join; say which character was meant."""
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    # libyaml points at the escape's hex digits, two after its backslash.
    found = _ESCAPE.match(lines[mark.line], max(mark.column - 2, 0))
    if found is None:
        return None
    high, low = int(found[1], 16), int(found[2] or "0", 16)
    if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
        char = chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        return (f"{found[0]} writes {character_name(char)} in two halves (surrogates), as "
                "JSON does, which YAML cannot join; write the character itself, or "
                f"\\U{ord(char):08X}")
    return (f"\\u{found[1]} stands for half a character (a surrogate), which no text can "
            "hold; write the character itself, or use \\U0001F600 for characters beyond "
            "U+FFFF")


def _syntax_problem(err: yaml.MarkedYAMLError) -> tuple[str, Any]:
    """libyaml's complaint, with the fix an editor needs, at the place to look."""
    problem, context = err.problem or "invalid YAML", err.context or ""
    mark = err.problem_mark or err.context_mark
    if "expected a single document" in context:
        return "the file holds more than one YAML document (remove the '---' line)", mark
    if "invalid Unicode character escape code" in problem or "surrogate" in problem:
        return (f"{_SURROGATE_PROBLEM} stands for half a character (a surrogate), which "
                "no text can hold; write the character itself, or use \\U0001F600 for "
                "characters beyond U+FFFF"), mark
    if "exceeded maximum nesting depth" in problem:
        return ("values are nested too deeply; a record nests a few levels at most: check "
                "the indentation and the brackets"), mark
    if "unknown escape character" in problem:
        return (f"{problem}: inside \"...\" a backslash starts an escape; write \\\\ for a "
                "backslash, or put the value in single quotes"), mark
    if "quoted scalar" in context and err.context_mark is not None:
        # The end of the file is where libyaml gave up, not where the mistake is.
        return ("this quote is never closed; end the value with the same quote mark "
                "(inside \"...\" write \\\" for a quote, inside '...' write '')"), err.context_mark
    if "mapping values are not allowed" in problem:
        return (f"{problem}: a value with ': ' in it must be in quotes, e.g. "
                "verified_by: \"J. Alvarez: lead\""), mark
    if "cannot start any token" in problem:
        return (f"{problem}; put the value in quotes, e.g. \"@name\""), mark
    if ("expected key" in problem or "expected <block end>" in problem
            or "could not find expected ':'" in problem):
        return (f"{problem}: check this line's indentation against the lines above (keys "
                "of one mapping line up), a missing ':' after a key, or a quote inside an "
                "unquoted value"), mark
    return problem, mark


def _written(tag: str) -> str:
    """A tag as an editor writes it: ``!!python/object``, not the resolved URI."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith(
        "tag:yaml.org,2002:") else tag


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_constructor = SafeConstructor()
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The tags a plain key resolves to (or `!!str`, the default spelled out): any other is
# written by hand.
_KEY_TAGS = frozenset({_STR, _BOOL, _INT, _FLOAT, _TIMESTAMP, _VALUE,
                       "tag:yaml.org,2002:null"})


class _Builder:
    """Turns composed nodes into JSON-like values, recording positions on the way.

    The hot path of validation: plain tuples rather than named tuples, and scalars
    handled inline, because a record has hundreds of values.
    """

    def __init__(self, record: Record) -> None:
        self.record = record
        self.values = 0
        self.active: set[int] = set()
        self.positions = record.value_positions
        self.scalars = record.scalars

    def build(self, root: yaml.MappingNode) -> dict[str, Any]:
        value = self._value(root, ())
        assert isinstance(value, dict)
        return value

    def _value(self, node: yaml.Node, path: Path_) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _RecordError(
                f"the record expands to more than {MAX_VALUES:,} values; "
                "aliases (*name) may not be used to multiply content"
            )
        if len(path) > MAX_DEPTH:
            raise _RecordError(
                f"values are nested more than {MAX_DEPTH} levels deep here; a record nests "
                "a few levels at most: check the indentation and the brackets",
                *_mark(node), format_field(path[:MAX_DEPTH]),
            )
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if type(node) is yaml.ScalarNode:
            tag = node.tag
            self.scalars[path] = (node.value, tag, bool(node.style))
            if tag == _STR:
                return node.value
            return self._scalar(node, path)
        if id(node) in self.active:
            raise _RecordError("an alias (*name) refers to itself", *_mark(node))
        expected = _SEQ if isinstance(node, yaml.SequenceNode) else _MAP
        if node.tag != expected:
            # `!!python/object/apply` and friends: a plain loader ignores them on lists and
            # mappings, which would hide what the file asks for.
            raise _RecordError(
                f"the YAML tag {_written(node.tag)!r} is not allowed in records; write plain "
                "values", *_mark(node), format_field(path),
            )
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self._value(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise _RecordError("unsupported YAML node", *_mark(node))  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_positions = self.record.key_positions
        for key_node, value_node in node.value:
            key = self._key(key_node)
            key_path = (*path, key)
            key_mark = key_node.start_mark
            if key in result:
                first = key_positions[key_path]
                raise _RecordError(
                    f"the key '{key}' appears twice (first on line {first[0]}); "
                    "YAML would keep only the last one: merge them or delete one",
                    key_mark.line + 1,
                    key_mark.column + 1,
                    format_field(key_path),
                )
            key_positions[key_path] = (key_mark.line + 1, key_mark.column + 1)
            result[key] = self._value(value_node, key_path)
        return result

    def _key(self, node: yaml.Node) -> str:
        if type(node) is not yaml.ScalarNode:
            raise _RecordError("a key must be a plain name, not a list or mapping", *_mark(node))
        if node.tag == "tag:yaml.org,2002:merge":
            raise _RecordError(
                "merge keys (<<) are not used in records; write the values out", *_mark(node)
            )
        if node.tag not in _KEY_TAGS:
            # `!!python/name:os.system name:` reads as the key `name` to a plain loader,
            # which would hide what the file asks for, as on any other node.
            raise _RecordError(
                f"the YAML tag {_written(node.tag)!r} is not allowed in records; write plain "
                "values", *_mark(node),
            )
        # `yes:` or `1:` as a key: the text as written, never a boolean or a number.
        return str(node.value)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag in (_BOOL, _INT, _FLOAT):
            return self._number_or_boolean(node, path)
        if tag in (_TIMESTAMP, _MERGE):
            # Kept as written, as the editor sees them: a date is text to the schema (and
            # a date with a time, 2026-10-01T09:00:00Z, is not a date); `<<` as a value
            # rather than a key is text.
            return node.value
        raise _RecordError(
            f"the YAML tag {_written(tag)!r} is not allowed in records; write plain values",
            *_mark(node),
            format_field(path),
        )

    def _number_or_boolean(self, node: yaml.ScalarNode, path: Path_) -> Any:
        text, tag = node.value, node.tag
        try:
            if tag == _BOOL:
                boolean = _EDITOR_BOOLEANS.get(text)
                return boolean if boolean is not None else _constructor.construct_yaml_bool(node)
            if tag == _INT:
                if not _has_digits(text):
                    raise ValueError(text)  # read below as the editor reads it
                return _constructor.construct_yaml_int(node)
            value = _constructor.construct_yaml_float(node)
        except (ValueError, KeyError):
            # PyYAML cannot construct the spellings only the editor's reader takes as
            # numbers (08901, 09:30, "."), nor an explicit !!int that is not one.
            reading = _editor_reading(text)
            if reading is None or reading[0] != tag:
                problem = "must be true or false" if tag == _BOOL else "is not a usable number"
                raise _RecordError(
                    f"'{text}' {problem}", *_mark(node), format_field(path)
                ) from None
            value = reading[1]
        if isinstance(value, float) and (
                value != value or value in (float("inf"), float("-inf"))):
            raise _RecordError(
                f"'{text}' is not a usable number", *_mark(node), format_field(path)
            )
        return value


def _slug_diagnostics(record: Record) -> list[Diagnostic]:
    if record.slug in RESERVED_SLUGS:
        return [Diagnostic(
            record.display_path, 0, 0, Severity.ERROR, "",
            f"the file name '{record.path.name}' is kept for the directory's own page; "
            f"rename it, e.g. to '{record.slug}-program{record.path.suffix}'",
        )]
    if SLUG_PATTERN.match(record.slug):
        return []
    suggestion = re.sub(r"[^a-z0-9]+", "-", record.slug.lower()).strip("-") or "program-name"
    return [
        Diagnostic(
            record.display_path,
            0,
            0,
            Severity.ERROR,
            "",
            f"the file name '{record.path.name}' must be a slug of lowercase letters, digits "
            f"and hyphens; rename it to '{suggestion}{record.path.suffix}'",
        )
    ]
