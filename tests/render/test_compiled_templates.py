"""Templates compiled once a process: a new environment reuses them, an edit is seen."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from generator.render.pages import CompiledTemplates


def _environment(folder: Path, cache: CompiledTemplates) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=cache)


def test_a_new_environment_reuses_what_another_compiled(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ word }}</p>")
    cache = CompiledTemplates()
    first = _environment(tmp_path, cache)
    assert first.get_template("page.html").render(word="one") == "<p>one</p>"
    compiled: list[str] = []
    second = _environment(tmp_path, cache)
    second.compile = lambda *a, **k: compiled.append("again")  # type: ignore[method-assign]
    assert second.get_template("page.html").render(word="two") == "<p>two</p>"
    assert compiled == []  # from the cache, not compiled


def test_an_edited_template_is_compiled_anew(tmp_path: Path) -> None:
    template = tmp_path / "page.html"
    template.write_text("<p>{{ word }}</p>")
    cache = CompiledTemplates()
    assert _environment(tmp_path, cache).get_template("page.html").render(word="a") == "<p>a</p>"
    template.write_text("<h1>{{ word }}</h1>")
    assert _environment(tmp_path, cache).get_template("page.html").render(word="a") == "<h1>a</h1>"
