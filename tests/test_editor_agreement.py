"""VS Code and the validator agree about records.

Editors see records in VS Code with Red Hat's YAML extension, that is yaml-language-server
(from package.json, run with node) with the project's .vscode/settings.json. One server
reads every corpus record and example program over the Language Server Protocol; its
diagnostics are compared with the validator's errors (load_record + validate_record, on a
fixed day): both must find an error in the same files, and on the same lines.

What a JSON Schema cannot say the editor cannot show: those findings are the named
exceptions below, the same list as CONTRIBUTING.md's "What the editor does not catch".
Each names a corpus file that shows it, so that the list stays true.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator.diagnostics import Diagnostic
from generator.loader import Record, load_record, load_text
from generator.normalise import NUMBERS_AS_TEXT
from generator.schema import program_schema
from generator.settings import Settings
from generator.validation.files import validate_record
from generator.validation.readiness import check_readiness
from generator.validation.record_checks import PLACEHOLDER_MESSAGE
from tests.conftest import PROJECT_ROOT, TODAY
from tests.lsp_client import LanguageServer

SERVER = PROJECT_ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS_FILE = PROJECT_ROOT / ".vscode" / "settings.json"
CORPUS = PROJECT_ROOT / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*/*.yaml")) + sorted((PROJECT_ROOT / "programs").glob("*.yaml"))
Lsp = dict[str, Any]


# -- the exceptions ------------------------------------------------------------------


@dataclass(frozen=True)
class Unseen:
    """A finding of the validator's that the editor does not show."""

    title: str  # as it stands in CONTRIBUTING.md's list
    example: str | None  # a corpus file that shows it, relative to tests/corpus
    matches: Callable[[Diagnostic, Record | None], bool]
    no_example: str = ""  # why no corpus file can show it


def _says(*parts: str) -> Callable[[Diagnostic, Record | None], bool]:
    return lambda d, _record: any(part in d.message for part in parts)


def _published_only(d: Diagnostic, record: Record | None) -> bool:
    return record is not None and d in check_readiness(record)


def _calendar(d: Diagnostic, _record: Record | None) -> bool:
    return re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2} is not a (valid )?date", d.message) is not None


def _number_the_editor_accepts(d: Diagnostic, record: Record | None) -> bool:
    """`zip: 78_701`, `number: 0417`: the editor sees a number its schema accepts; only
    the validator knows how it was spelled."""
    if record is None or "is read as a number; write it in quotes" not in d.message:
        return False
    path = _path(d.field)
    if _pattern_of(path) not in NUMBERS_AS_TEXT:
        return False
    return Draft202012Validator(_schema_at(path)).is_valid(_value_at(record.data, path))


VALIDATOR_ONLY = [
    Unseen("Phone numbers that do not exist", "invalid/phone-invalid.yaml",
           _says("is not a valid US phone number")),
    Unseen("ZIP codes that do not exist, or are in another state",
           "invalid/zip-does-not-exist.yaml",
           lambda d, _r: "does not exist; check the address" in d.message
           or re.match(r"ZIP code [0-9]{5} is in [A-Z]{2} ", d.message) is not None),
    Unseen("Places outside the service area, or far from their ZIP",
           "invalid/coordinates-outside-service-area.yaml",
           _says("from the centre of the service area", "miles from the centre of ZIP")),
    Unseen("Dates measured against today", "invalid/accreditation-expired.yaml",
           _says("expired on", "is in the future; enter the day it was checked")),
    Unseen("Days that are not in the calendar", "invalid/date-impossible.yaml", _calendar),
    Unseen("A min larger than its max", "invalid/ages-reversed.yaml",
           _says("is more than max")),
    Unseen("FILL IN placeholders", "invalid/placeholder-left.yaml",
           _says(PLACEHOLDER_MESSAGE)),
    Unseen("What a published listing needs beyond a draft",
           "invalid/method-import-published.yaml", _published_only),
    Unseen("Websites that are not https", "invalid/website-http.yaml", _says("is not https")),
    Unseen("Numbers spelled other than as plain digits",
           "invalid/licence-number-leading-zero.yaml", _number_the_editor_accepts),
    Unseen("Numbers that are not numbers", "invalid/hours-per-day-nan.yaml",
           _says("is not a usable number")),
    Unseen("YAML's own tags", "invalid/yaml-tag-binary.yaml",
           _says("the YAML tag '!!")),
    Unseen("Merge keys", "invalid/merge-key.yaml", _says("merge keys (<<)")),
    Unseen("More than one document in a file", "invalid/two-documents.yaml",
           _says("more than one YAML document")),
    Unseen("A file with only comments", "invalid/only-comments.yaml",
           _says("the file is empty")),
    Unseen("Bytes that are not UTF-8", "invalid/not-utf8.yaml", _says("is not UTF-8")),
    Unseen("Files over 256 KB", None, _says("a record may be at most"),
           no_example="the corpus keeps no 256 KB file; tests/test_loader.py checks it"),
    Unseen("File names that are not slugs", "invalid/Not_A_Slug.yaml",
           _says("must be a slug of lowercase letters")),
    Unseen("The same program listed twice", None, _says("each program must be listed once"),
           no_example="needs two records; tests/test_validation_checks.py checks it"),
    Unseen("Characters that hide, reorder or break text",
           "invalid/name-right-to-left-override.yaml",
           _says("an invisible direction control", "an invisible character", "a line break",
                 "a control character", "has no visible character",
                 "a character that cannot be in a record")),
    Unseen("Escaped halves of a character", "invalid/escaped-surrogate.yaml",
           _says("(a surrogate)", "in two halves (surrogates)")),
    Unseen("YAML directives", "invalid/tag-directive.yaml", _says("the YAML directive")),
    Unseen("Cities the Postal Service does not use for the ZIP",
           "invalid/city-not-the-zips.yaml", _says("is not a name the Postal Service uses")),
    Unseen("Web addresses that open another site than they show",
           "invalid/website-with-userinfo.yaml", _says("before the site, which browsers skip")),
    Unseen("Text that a spreadsheet would run as a formula",
           "invalid/name-starts-a-formula.yaml", _says("as a formula")),
]


@dataclass(frozen=True)
class Extra:
    """A diagnostic of the editor's that is no error to the validator."""

    title: str
    example: str
    matches: Callable[[Lsp], bool]


EDITOR_ONLY = [
    Extra("Anchors that are never used", "valid/anchor-not-used.yaml",
          lambda d: d["message"].startswith("Unused anchor")),
]


def _unseen(d: Diagnostic, record: Record | None) -> Unseen | None:
    return next((u for u in VALIDATOR_ONLY if u.matches(d, record)), None)


def _extra(d: Lsp) -> Extra | None:
    return next((e for e in EDITOR_ONLY if e.matches(d)), None)


# -- the two sides -------------------------------------------------------------------


def _vscode_settings() -> dict[str, Any]:
    """.vscode/settings.json as VS Code hands it to a server: by section, nested."""
    flat = json.loads(SETTINGS_FILE.read_text("utf-8"))
    sections: dict[str, Any] = {}
    for key, value in flat.items():
        if key.startswith("["):  # language-specific settings keep their flat keys
            sections[key] = value
            continue
        section, *rest = key.split(".")
        target = sections.setdefault(section, {})
        for part in rest[:-1]:
            target = target.setdefault(part, {})
        if rest:
            target[rest[-1]] = value
    return sections


def _server_settings() -> dict[str, Any]:
    settings = _vscode_settings()
    # The test machine reaches no schema store, and must not try.
    settings["yaml"]["schemaStore"] = {"enable": False}
    settings["yaml"]["kubernetesCRDStore"] = {"enable": False}
    # The corpus stands for records in programs/ (a few files lack the $schema line).
    for globs in settings["yaml"]["schemas"].values():
        globs.append("tests/corpus/*/*.yaml")
    return settings


def _editor_text(path: Path) -> str:
    # As VS Code opens it with files.encoding utf8: bad bytes become U+FFFD, no BOM.
    return path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")


def _start_server() -> LanguageServer:
    node = shutil.which("node")
    if node is None or not SERVER.exists():
        pytest.fail("node and yaml-language-server are needed: run `make test` (npm ci)")
    return LanguageServer([node, str(SERVER), "--stdio"], _server_settings(), PROJECT_ROOT)


@pytest.fixture(scope="module")
def editor() -> Iterator[LanguageServer]:
    with _start_server() as server:
        yield server


@pytest.fixture(scope="module")
def editor_diagnostics(editor: LanguageServer) -> dict[Path, list[Lsp]]:
    """Every file opened in one server; each file's diagnostics once published."""
    uris = {path: path.resolve().as_uri() for path in FILES}
    for path, uri in uris.items():
        editor.open(uri, _editor_text(path))
    published = editor.diagnostics_for(list(uris.values()), timeout=120)
    return {path: published[uri] for path, uri in uris.items()}


@dataclass
class ValidatorView:
    record: Record | None
    errors: list[Diagnostic]
    # Line of a block mapping's first entry -> line of the key that holds the mapping:
    # the validator points a missing field at the one, the editor at the other.
    key_lines: dict[int, int]


@cache
def _validator_view(path: Path) -> ValidatorView:
    loaded = load_record(path, path.name)
    findings = list(loaded.diagnostics)
    key_lines: dict[int, int] = {}
    if loaded.record is not None:
        record = loaded.record
        for place, (key_line, _) in record.key_positions.items():
            value_line = record.value_positions.get(place, (key_line, 0))[0]
            if value_line != key_line:
                key_lines[value_line] = key_line
        findings += validate_record(record, Settings(today=TODAY))
    return ValidatorView(loaded.record, [d for d in findings if d.is_error], key_lines)


def _line(d: Lsp) -> int:
    return d["range"]["start"]["line"] + 1


# -- the comparison ------------------------------------------------------------------


def disagreements(path: Path, editor_found: list[Lsp]) -> list[str]:
    """What the two sides disagree about in one file, outside the named exceptions."""
    view = _validator_view(path)
    errors = [d for d in view.errors if _unseen(d, view.record) is None]
    shown = [d for d in editor_found if _extra(d) is None]
    editor_lines = {_line(d) for d in shown}
    problems = []
    for d in errors:
        lines = {d.line, view.key_lines.get(d.line, d.line)}
        if not shown or (d.line > 0 and not lines & editor_lines):
            problems.append(f"the editor shows nothing on line {d.line} where the validator "
                            f"says: {d.field}: {d.message}")
    if view.record is None:
        # The loader stopped at its first problem; the editor reads on and may find more.
        return problems
    # An editor finding agrees with any error of the validator's on its line, an exception
    # included: both mark that line.
    validator_lines = {line for d in view.errors
                       for line in (d.line, view.key_lines.get(d.line, d.line))}
    for d in shown:
        if _line(d) not in validator_lines and not any(e.line == 0 for e in errors):
            problems.append(f"the editor says on line {_line(d)}: {d['message']}, "
                            "the validator finds no error there")
    return problems


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PROJECT_ROOT)) for p in FILES])
def test_the_editor_and_the_validator_agree(
    path: Path, editor_diagnostics: dict[Path, list[Lsp]]
) -> None:
    assert disagreements(path, editor_diagnostics[path]) == []


def test_the_corpus_has_the_cases_of_the_yaml_versions(
    editor_diagnostics: dict[Path, list[Lsp]]
) -> None:
    """The spellings YAML 1.1 and 1.2 read differently: the editor must read 1.1, as the
    loader does, or these would pass in one and fail in the other."""
    flagged = {p.relative_to(CORPUS).as_posix(): bool(d) for p, d in editor_diagnostics.items()
               if CORPUS in p.parents}
    assert flagged["invalid/language-no-as-boolean.yaml"]  # languages: [en, no]
    assert flagged["invalid/transit-no-as-boolean.yaml"]  # transit: no
    assert not flagged["valid/accepting-yes.yaml"]  # accepting_new_clients: yes
    assert not flagged["valid/zip-as-plain-digits.yaml"]  # zip: 78660
    assert not flagged["valid/zip-in-quotes.yaml"]  # zip: "78660"
    assert flagged["invalid/zip-octal-looking.yaml"]  # zip: 07654


def test_each_exception_shows_in_its_example(editor_diagnostics: dict[Path, list[Lsp]]) -> None:
    for unseen in VALIDATOR_ONLY:
        if unseen.example is None:
            assert unseen.no_example, f"{unseen.title}: name an example or say why not"
            continue
        path = CORPUS / unseen.example
        view = _validator_view(path)
        found = [d for d in view.errors if _unseen(d, view.record) is unseen]
        assert found, f"{unseen.example} does not show '{unseen.title}'"
        lines = {_line(d) for d in editor_diagnostics[path]}
        if view.record is not None:  # the editor indeed says nothing there
            assert not lines & {d.line for d in found}, unseen.title
    for extra in EDITOR_ONLY:
        path = CORPUS / extra.example
        assert [d for d in editor_diagnostics[path] if extra.matches(d)], extra.title
        assert _validator_view(path).errors == []


def test_contributing_lists_the_same_exceptions() -> None:
    text = (PROJECT_ROOT / "CONTRIBUTING.md").read_text("utf-8")
    section = text.split("## What the editor does not catch", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- \*\*(.+?)\*\*", section, re.MULTILINE)
    assert listed == [u.title for u in VALIDATOR_ONLY] + [e.title for e in EDITOR_ONLY]


def test_records_get_the_schema_from_the_settings_without_the_first_line(
    editor: LanguageServer,
) -> None:
    """yaml.schemas in .vscode/settings.json reaches records that lack the $schema line."""
    record = PROJECT_ROOT / "programs" / "limestone-ledge-recovery.yaml"
    text = "".join(line for line in _editor_text(record).splitlines(keepends=True)
                   if not line.startswith("# yaml-language-server:"))
    assert "accepting_new_clients: true\n" in text
    broken = text.replace("accepting_new_clients: true\n", "accepting_new_clients: maybe\n")
    as_is = record.with_name("zz-settings-only.yaml").as_uri()
    changed = record.with_name("zz-settings-only-broken.yaml").as_uri()
    editor.open(as_is, text)
    editor.open(changed, broken)
    found = editor.diagnostics_for([as_is, changed])
    assert found[as_is] == []
    line = broken.splitlines().index("accepting_new_clients: maybe") + 1
    assert [(_line(d), d["message"]) for d in found[changed]] == [
        (line, 'Incorrect type. Expected "boolean".')
    ]


def test_completion_and_hover_show_the_labels(editor: LanguageServer) -> None:
    uri = (PROJECT_ROOT / "programs" / "zz-labels.yaml").as_uri()
    editor.open(uri, "therapies:\n  - cbt\n  - \naccreditations:\n  - body: carf\n")
    editor.diagnostics_for([uri])
    answer = editor.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 2, "character": 4}})
    items = answer["items"] if isinstance(answer, dict) else answer
    offered = {item["label"]: item.get("documentation", {}).get("value") for item in items}
    therapy = program_schema()["$defs"]["therapy"]["x-labels"]
    assert offered == therapy
    hover = editor.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": 4, "character": 11}})
    body = program_schema()["$defs"]["accreditation_body"]
    assert (f"`carf`: {body['x-labels']['carf']}. Public look-up: "
            f"<{body['x-verify-urls']['carf']}>") in hover["contents"]["value"]


# -- how plain scalars are read --------------------------------------------------------

# The `yaml` package that yaml-language-server itself uses, with its options, and its
# rule for values that are not JSON (a date, binary data: the text as written).
_READER = r"""
const YAML = require(require.resolve("yaml", {paths: [process.argv[1]]}));
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = texts.map((text) => {
  const doc = YAML.parseDocument("v: " + text + "\n", {version: "1.1", strict: false});
  if (doc.errors.length) return ["error", null];
  const node = doc.get("v", true);
  const value = node && node.value !== undefined ? node.value : null;
  if (value === null) return ["null", null];
  if (typeof value === "number") {
    return ["number", Number.isFinite(value) ? value : String(value)];
  }
  if (typeof value === "boolean") return ["boolean", value];
  return ["text", typeof value === "string" ? value : node.source];
});
process.stdout.write(JSON.stringify(out));
"""


def _spellings() -> list[str]:
    alphabet = "0189_.:eE+-xyYnN"
    short = [a + b + c for a in alphabet for b in alphabet + " " for c in alphabet]
    pick = random.Random(8)
    longer = ["".join(pick.choice("0123456789_.:eE+-") for _ in range(pick.randint(4, 9)))
              for _ in range(3000)]
    realistic = [
        "78701", "07654", "08901", "78_701", "+78701", "78701.0", "7.87e4", "0x1F",
        "0b101", "0o17", "5125550142", "512-555-0142", "512.555.0142", "1:30", "09:30",
        "0:30", "1:30.5", "1e3", "1E5", "1.5e3", "1.0e+3", "-.5", "+.5", ".5", "1.",
        "y", "Y", "n", "N", "yes", "No", "on", "OFF", "True", "tRue", "null", "~", "=",
        "<<", "2026-10-01", "2026-1-5", "2026-10-01 10:00:00", "2026-10-01T10:00:00Z",
        "2026-02-30", ".inf", "-.Inf", ".nan", "en", "no way", "FILL IN",
    ]
    return list(dict.fromkeys(realistic + [s for s in short if s.strip() == s] + longer))


def _loader_reading(text: str) -> tuple[str, Any]:
    loaded = load_text(f"v: {text}\n")
    if loaded.record is None:
        return "error", loaded.diagnostics[0].message
    value = loaded.record.data["v"]
    if value is None:
        return "null", None
    if isinstance(value, bool):
        return "boolean", value
    if isinstance(value, int | float):
        return "number", value
    return "text", value


def test_plain_values_are_read_as_the_editor_reads_them() -> None:
    node = shutil.which("node")
    if node is None or not SERVER.exists():
        pytest.fail("node and yaml-language-server are needed: run `make test` (npm ci)")
    texts = _spellings()
    run = subprocess.run([node, "-e", _READER, str(SERVER.parents[1])],
                         input=json.dumps(texts), capture_output=True, text=True, timeout=120,
                         check=True)
    differ = [
        f"{text!r}: loader {_loader_reading(text)}, editor {tuple(theirs)}"
        for text, theirs in zip(texts, json.loads(run.stdout), strict=True)
        if not _same(_loader_reading(text), tuple(theirs))
    ]
    assert differ == [], f"{len(differ)} of {len(texts)} differ:\n" + "\n".join(differ[:40])


def _same(ours: tuple[str, Any], theirs: tuple[str, Any]) -> bool:
    kind, value = theirs
    if kind == "number" and isinstance(value, str):
        # NaN, Infinity: the validator refuses them ("Numbers that are not numbers").
        return ours[0] == "error" and "not a usable number" in ours[1]
    if kind == "error":  # both refuse it, each with its own words
        return ours[0] == "error"
    if kind == "number" and ours[0] == "number":
        return math.isclose(ours[1], value, rel_tol=1e-15)
    return ours == (kind, value)


# -- helpers -------------------------------------------------------------------------


def _path(field: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part
                 for part in re.findall(r"[^.\[\]]+", field))


def _pattern_of(path: tuple[str | int, ...]) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in path)


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _schema_at(path: tuple[str | int, ...]) -> dict[str, Any]:
    schema = program_schema()
    node: dict[str, Any] = schema
    for part in path:
        node = _resolved(schema, node)
        node = node["items"] if isinstance(part, int) else node["properties"][part]
    return {**_resolved(schema, node), "$defs": schema["$defs"]}


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node
