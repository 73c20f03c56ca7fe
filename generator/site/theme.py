"""Where the directory's theme lives: its Material overrides, its engine-neutral templates
and its assets, in a checkout (``theme/``) or an installed wheel (``generator/theme/``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

MATERIAL_OVERRIDES = "material"  # Material's templates, overridden (main.html, header)
TEMPLATES = "templates"  # the engine-neutral Jinja2 templates (pages, partials)
ASSETS = "assets"  # CSS and ES modules, served as the site's own files
# A file every complete theme folder has.
_MARKER = Path(TEMPLATES) / "directory" / "program.html"


def packaged_theme_dir() -> Path | None:
    """The directory's own theme folder.

    An installed wheel carries it as ``generator/theme/`` (pyproject.toml maps the
    top-level ``theme/`` there); in a checkout, or a copy of one, it is ``theme/`` beside
    ``generator/``. None if neither is there (a broken installation).
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "theme", package.parent / "theme"):
        if (candidate / _MARKER).is_file():
            return candidate
    return None


def asset_files(theme: Path, overrides: Sequence[Path] = ()) -> Iterator[tuple[str, Path]]:
    """The theme's assets as (site path, file), e.g. ``assets/finder/finder.js``, sorted.

    An asset an override folder has at the same path is left out: the engine serves that
    folder's copy itself (as a theme file), which is the point of overriding it.
    """
    folder = theme / ASSETS
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        site_path = path.relative_to(theme).as_posix()
        if "__pycache__" in path.parts or any((o / site_path).is_file() for o in overrides):
            continue
        yield site_path, path
