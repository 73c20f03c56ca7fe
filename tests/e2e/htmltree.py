"""A small HTML tree from the standard library's parser, to check built pages.

Enough DOM for tests: elements with attributes and children, lookups by tag, id, class
and attribute, and text content. No new dependency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}
# Closing one of these implicitly closes an open <p> (enough for Material's output).
CLOSES_P = {
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
    "section", "table", "ul",
}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]

    def iter(self) -> Iterator[Element]:
        for child in self.elements:
            yield child
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Element]:
        return [e for e in self.iter() if e.matches(tag, **attrs)]

    def find(self, tag: str | None = None, **attrs: str | bool) -> Element | None:
        return next((e for e in self.iter() if e.matches(tag, **attrs)), None)

    def get(self, tag: str | None = None, **attrs: str | bool) -> Element:
        found = self.find(tag, **attrs)
        assert found is not None, f"no <{tag or '*'} {attrs}> in <{self.tag} {self.attrs}>"
        return found

    def by_id(self, id_: str) -> Element | None:
        return self.find(id=id_)

    def matches(self, tag: str | None = None, **attrs: str | bool) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for key, want in attrs.items():
            name = key.rstrip("_").replace("_", "-")
            if name == "class":
                if want not in self.classes:
                    return False
            elif want is True:
                if name not in self.attrs:
                    return False
            elif self.attrs.get(name) != want:
                return False
        return True

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        """Text content with runs of whitespace collapsed."""
        parts: list[str] = []

        def walk(node: Element) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in ("script", "style"):
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def following_siblings(self) -> list[Element]:
        assert self.parent is not None
        siblings = self.parent.elements
        return siblings[siblings.index(self) + 1:]

    def section(self, heading_id: str) -> list[Element]:
        """The elements after the heading with this id, up to the next heading of its level."""
        heading = self.by_id(heading_id)
        assert heading is not None, f"no element with id {heading_id!r}"
        body: list[Element] = []
        for sibling in heading.following_siblings():
            if sibling.tag == heading.tag:
                break
            body.append(sibling)
        return body

    def section_text(self, heading_id: str) -> str:
        return " ".join(e.text() for e in self.section(heading_id))

    def section_elements(self, heading_id: str, tag: str | None = None, **attrs: str) -> list[
        Element
    ]:
        found: list[Element] = []
        for element in self.section(heading_id):
            if element.matches(tag, **attrs):
                found.append(element)
            found += element.find_all(tag, **attrs)
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CLOSES_P and self._open("p"):
            self._close("p")
        if tag == "li" and self.current.tag == "li":
            self._close("li")
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs}, self.current)
        self.current.children.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._open(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)

    def _open(self, tag: str) -> bool:
        node: Element | None = self.current
        while node is not None and node is not self.root:
            if node.tag == tag:
                return True
            node = node.parent
        return False

    def _close(self, tag: str) -> None:
        while self.current.tag != tag:
            assert self.current.parent is not None
            self.current = self.current.parent
        assert self.current.parent is not None
        self.current = self.current.parent


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def parse_file(path: Path) -> Element:
    return parse(path.read_text("utf-8"))


def walk_html(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def first(items: list[Element], predicate: Callable[[Element], bool]) -> Element | None:
    return next((item for item in items if predicate(item)), None)
