"""The text of a PDF that Chromium printed, read with the standard library.

Chromium (Skia) writes Type0 fonts with Identity-H encoding and a ToUnicode CMap, and
page content as Flate-compressed streams of ``Tf``/``Tj``/``TJ`` operators. That is all
this reads: enough to check what a printed page says, not a general PDF parser.
"""

from __future__ import annotations

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream", re.S)
_REF = rb"(\d+) 0 R"


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None)."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for number, body in _OBJECT.findall(pdf):
        match = _STREAM.match(body)
        if match is None:
            objects[int(number)] = (body, None)
            continue
        head, data = match.groups()
        if b"/FlateDecode" in head:
            data = zlib.decompressobj().decompress(data)
        objects[int(number)] = (head, data)
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def _font_maps(objects: dict[int, tuple[bytes, bytes | None]]) -> dict[int, dict[int, str]]:
    fonts = {}
    for number, (head, _) in objects.items():
        if b"/Type /Font" in head and b"/ToUnicode" in head:
            ref = re.search(rb"/ToUnicode " + _REF, head)
            if ref and objects.get(int(ref.group(1)), (b"", None))[1] is not None:
                fonts[number] = _cmap(objects[int(ref.group(1))][1] or b"")
    return fonts


_TOKENS = re.compile(rb"/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|(TJ|Tj|ET)")


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in page order; words as the PDF spells them."""
    objects = _objects(pdf)
    fonts = _font_maps(objects)
    pages_root = next(
        (n for n, (head, _) in objects.items() if re.search(rb"/Type /Pages\b", head)), None
    )
    assert pages_root is not None, "no page tree in the PDF"
    pages = [int(n) for n in re.findall(_REF, objects[pages_root][0].split(b"/Kids", 1)[1])]
    text: list[str] = []
    for page in pages:
        head = objects[page][0]
        names = dict(re.findall(rb"/(\w+) " + _REF, head.split(b"/Font", 1)[1].split(b">>")[0]))
        contents = re.search(rb"/Contents (?:\[(.*?)\]|" + _REF + rb")", head, re.S)
        assert contents is not None, "a page without content"
        refs = re.findall(_REF, contents.group(1)) if contents.group(1) else [contents.group(2)]
        current: dict[int, str] = {}
        for ref in refs:
            stream = objects[int(ref)][1] or b""
            for font, hexes, operator in _TOKENS.findall(stream):
                if font:
                    current = fonts.get(int(names.get(font, b"0")), {})
                elif hexes:
                    raw = bytes.fromhex(re.sub(rb"\s", b"", hexes).decode())
                    codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]
                    text.append("".join(current.get(code, "") for code in codes))
                elif operator == b"ET":
                    text.append("\n")
    return "".join(text)
