"""``python -m generator build`` and ``serve`` through MkDocs' own build and serve."""

from __future__ import annotations

import errno
import logging
import socket
import sys
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import EnvironmentProblem, describe_os_error, environment_problem
from generator.progress import NORMAL, QUIET, VERBOSE, Progress

PLUGIN_NAME = "iop-directory"


def build_site(config_file: Path, *, site_dir: Path | None = None, search: bool = True,
               progress: Progress | None = None) -> int:
    """Validate, build with MkDocs (strict) and index, showing ``progress``; 0 on success,
    1 on any failure of the input. Raises ``EnvironmentProblem`` when the machine is at
    fault (an output folder that cannot be written, a full disk)."""
    progress = progress or Progress()
    _show_mkdocs_log(progress)
    plugin = None
    try:
        overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get(PLUGIN_NAME)
        if plugin is None:
            print(f"error: {config_file} does not enable the {PLUGIN_NAME} plugin",
                  file=sys.stderr)
            return 1
        plugin.config.search_index = search
        plugin.progress = progress
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, TemplateError, OSError) as err:
        problem = getattr(plugin, "output_problem", None)
        if problem:
            raise EnvironmentProblem(problem) from None
        if isinstance(err, OSError) and (found := environment_problem(err)):
            raise found from None
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
    if progress.verbosity > QUIET:
        progress.write(f"Built the site in {config.site_dir} in {progress.summary()}")
    return 0


def serve_site(config_file: Path, *, dev_addr: str, verbosity: int = NORMAL) -> int:
    host, _, port = dev_addr.rpartition(":")
    host = host.strip("[]")
    # MkDocs listens only after the first build: a port in use is told at once instead.
    _check_can_listen(host, int(port))
    _show_mkdocs_log(Progress(verbosity))
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    try:
        # Dirty: a rebuild writes only the pages an edit touches (see live.py). The
        # plugin watches the project's theme folders itself (on_serve): watch_theme would
        # also poll Material's installed package, 15,000 files, twice a second.
        serve(str(config_file), dev_addr=dev_addr, livereload=True, watch_theme=False,
              build_type="dirty")
    except MkDocsException as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # another server took the port during the first build
        if err.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise EnvironmentProblem(_listen_problem(host, int(port), err)) from None
        raise
    return 0


def _check_can_listen(host: str, port: int) -> None:
    try:
        _probe(host, port)
    except OSError as err:
        raise EnvironmentProblem(_listen_problem(host, port, err)) from None


def _probe(host: str, port: int) -> None:
    # As MkDocs' server binds: IPv6 only for an IPv6 address, SO_REUSEADDR as http.server.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _listen_problem(host: str, port: int, err: OSError) -> str:
    def address(p: int) -> str:
        return f"[{host}]:{p}" if ":" in host else f"{host}:{p}"

    if err.errno == errno.EADDRINUSE:
        other = next((p for p in range(port + 1, min(port + 50, 65536)) if _free(host, p)),
                     None)
        instead = f" or use -a {address(other)}" if other else " or choose another port with -a"
        return f"port {port} is in use; stop the other server{instead}"
    if err.errno == errno.EACCES:
        return (f"cannot listen on {address(port)}: permission denied (ports below 1024 "
                "need administrator rights); use -a 127.0.0.1:8000")
    if err.errno == errno.EADDRNOTAVAIL:
        return (f"cannot listen on {address(port)}: {host} is not an address of this "
                f"machine; use -a 127.0.0.1:{port}")
    return describe_os_error(err, "listen on", address(port))


def _free(host: str, port: int) -> bool:
    try:
        _probe(host, port)
    except OSError:
        return False
    return True


class _NotDirtyWarning(logging.Filter):
    """MkDocs warns of "inaccurate navigation" after a dirty build; the plugin's (live.py)
    renders again every page that could differ, so the warning would only alarm."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class _ProgressHandler(logging.Handler):
    """MkDocs' log lines, written where a progress bar would not cut through them."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.progress.write(self.format(record))
        except Exception:  # as logging's own handlers do: a log line never stops a build
            self.handleError(record)


# As mkdocs' own -q and -v: warnings and errors only, everything, or the usual.
_LOG_LEVELS = {QUIET: logging.WARNING, NORMAL: logging.INFO, VERBOSE: logging.DEBUG}


def _show_mkdocs_log(progress: Progress) -> None:
    # MkDocs' command line sets this up itself; called from Python we must.
    logger = logging.getLogger("mkdocs")
    handler = next((h for h in logger.handlers if isinstance(h, _ProgressHandler)), None)
    if handler is None:
        handler = _ProgressHandler(progress)
        logger.addHandler(handler)
    handler.progress = progress
    logger.setLevel(_LOG_LEVELS[min(progress.verbosity, VERBOSE)])
