"""``python -m generator build`` and ``serve`` through MkDocs' own build and serve."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

PLUGIN_NAME = "iop-directory"


def build_site(config_file: Path, *, site_dir: Path | None = None, search: bool = True) -> int:
    """Validate, build with MkDocs (strict) and index; 0 on success, 1 on any failure."""
    _show_mkdocs_log()
    try:
        overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get(PLUGIN_NAME)
        if plugin is None:
            print(f"error: {config_file} does not enable the {PLUGIN_NAME} plugin",
                  file=sys.stderr)
            return 1
        plugin.config.search_index = search  # type: ignore[attr-defined]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, TemplateError, OSError) as err:
        # A template or file-system problem fails the build like an invalid record does:
        # the staged output is discarded and the previous site stays as it was.
        message = str(err) or type(err).__name__
        if isinstance(err, TemplateSyntaxError):
            place = f"{err.filename or err.name}:{err.lineno}"
            message = f"template error in {place}: {err.message}"
        elif isinstance(err, TemplateError):
            message = f"template error: {type(err).__name__}: {message}"
        print(f"error: the build failed; the previous site was left as it was.\n{message}",
              file=sys.stderr)
        return 1
    print(f"Built the site in {config.site_dir}", file=sys.stderr)
    return 0


def serve_site(config_file: Path, *, dev_addr: str) -> int:
    _show_mkdocs_log()
    try:
        serve(str(config_file), dev_addr=dev_addr, livereload=True, watch_theme=True)
    except MkDocsException as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def _show_mkdocs_log() -> None:
    # MkDocs' command line sets this up itself; called from Python we must.
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_iop", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._iop = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
