"""The command line: ``iop-directory validate|new|build|serve|import`` (the console
script), or ``python -m generator ...`` in a checkout.

Exit codes:

- 0: done; warnings allowed
- 1: errors in the input (records, mkdocs.yml, templates): nothing was built
- 2: a usage error: an unknown option or value, a path given that is not there
- 3: a problem of the environment: a module missing (the virtual environment is not
  active), a port in use, a folder that cannot be written, a file that cannot be read
- 70: a bug in the generator (an unexpected exception), reported in one line
- 130: interrupted (Ctrl-C)

No input, however broken, produces a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import diagnostics
from generator.errors import EnvironmentProblem, describe_os_error, environment_problem
from generator.progress import NORMAL, QUIET, VERBOSE, Progress
from generator.settings import DOWNTOWN_AUSTIN, ServiceArea

# The defaults the help names are the settings' own, not copies of them.
_DEFAULT_RADIUS = f"{ServiceArea().radius_miles:g}"

if TYPE_CHECKING:  # settings reads YAML: imported where it is used, after main's guard
    from generator.settings import Settings
    from generator.validation.cache import ValidationCache

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_ENVIRONMENT, EXIT_BUG, EXIT_INTERRUPTED = 3, 70, 130
DISTRIBUTION = "iop-directory"


class UsageError(Exception):
    """A mistake in the command line itself (exit 2)."""


# The cyclic garbage collector looks for cycles after this many new objects (Python's
# default is 700). Loading 10,000 records makes millions that live until the run ends,
# so each early pass found almost nothing to free: validate of 10,000 went from 10.7 s to
# 8.8 s, a build of 1,000 programs from 14.2 s to 12.7 s, at the same peak memory.
COLLECTOR_THRESHOLD = 20_000


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(COLLECTOR_THRESHOLD, *gc.get_threshold()[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    try:
        return int(args.run(args))
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`validate | head`): not an error worth a message.
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:  # the last guard: one line, never a traceback
        problem = environment_problem(err)  # a missing module, a folder not writable
        if problem is not None:
            print(f"error: {problem}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        print(
            f"internal error: {type(err).__name__}: {err}\n"
            "This is a bug in the generator; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_BUG


def program_name() -> str:
    """The command as the user typed it, for help and hints."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name == "__main__.py":
        return "python -m generator"
    name = name.removesuffix(".exe")  # console scripts on Windows
    return name if name and name != "-c" else DISTRIBUTION


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # a copy of the sources that was never installed
        from generator import __version__

        return f"{__version__} (not installed)"


class _VersionAction(argparse.Action):
    """argparse's version action, reading the package metadata only when asked (it takes
    tens of milliseconds, and ``validate`` runs in pre-commit hooks)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{DISTRIBUTION} {_version()}")
        parser.exit()


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog or program_name(),
        description="Validate program records and build the Austin IOP directory site.",
        epilog="Exit codes: 0 done, 1 errors in the input, 2 usage error, 3 a problem of "
        "the environment (missing module, port in use, folder not writable), 70 a bug, "
        "130 interrupted.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help="what to do; COMMAND --help tells more")

    validate = commands.add_parser("validate", help="check records and report problems")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (programs/)")
    validate.add_argument(
        "--format", choices=["text", "github", "json"], default="text",
        help="text for people (default), github for annotations in GitHub Actions, json "
        "for programs",
    )
    validate.add_argument("--drafts", action="store_true", help="list what each draft needs")
    validate.add_argument("--geocode", action="store_true", help="geocode missing coordinates")
    validate.add_argument(
        "--changed", nargs="*", action="extend", type=Path, default=[], metavar="PATH",
        help="records being changed (e.g. by a pull request): findings that only time "
        "caused, such as an expired licence, are errors in these and warnings elsewhere; "
        "with --format github their findings come first as annotations and the rest go to "
        "the step summary. Files named as PATHS count as changed too",
    )
    validate.add_argument(
        "--changed-files", type=argparse.FileType("r", encoding="utf-8"), metavar="FILE",
        help="a file listing the changed paths, one a line, as `git diff --name-only` "
        "prints them ('-' reads standard input); same meaning as --changed",
    )
    validate.add_argument(
        "--no-cache", action="store_true",
        help="check every file again, neither reading nor writing the cache of findings "
        "of unchanged files",
    )
    validate.add_argument(
        "--cache-dir", type=Path, metavar="DIR",
        help="where findings of unchanged files are kept between runs (default: "
        ".iop-cache/ in the project, beside mkdocs.yml)",
    )
    _add_area_options(validate)
    _add_verbosity_options(validate)
    validate.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    validate.set_defaults(run=run_validate)

    due = commands.add_parser(
        "due", help="list published listings whose credentials expire soon or whose "
        "verification is old, for the editors' review")
    due.add_argument("paths", nargs="*", type=Path,
                     help="files or folders of records (default: programs/)")
    due.add_argument("--within", type=_whole_days, default=60, metavar="DAYS",
                     help="credentials expiring within this many days, or already "
                     "expired (default: 60)")
    due.add_argument("--format", choices=["text", "markdown", "json"], default="text",
                     help="text for people, markdown for an issue, json for scripts")
    due.add_argument("--link-base", metavar="URL",
                     help="with --format markdown, link each file to URL/<path>, e.g. "
                     "https://github.com/OWNER/REPO/blob/main")
    due.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                     help="where the build's settings are (default: mkdocs.yml)")
    due.add_argument("--today", type=_date, help=argparse.SUPPRESS)
    due.set_defaults(run=run_due)

    new = commands.add_parser("new", help="write a skeleton record to fill in")
    new.add_argument("name", help='the program\'s name, e.g. "Hill Country IOP"')
    new.add_argument("--dir", type=Path, default=Path("programs"), help="where to write it")
    new.set_defaults(run=run_new)

    build = commands.add_parser("build", help="validate, build the site and index it")
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                       help="the site's settings (default: mkdocs.yml)")
    build.add_argument("--site-dir", type=Path, help="output folder (default: site/)")
    build.add_argument("--no-search-index", action="store_true",
                       help="skip the Pagefind search index (faster; search will not work)")
    _add_verbosity_options(build)
    build.set_defaults(run=run_build)

    serve = commands.add_parser("serve", help="build and serve the site, reloading on edits")
    serve.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                       help="the site's settings (default: mkdocs.yml)")
    serve.add_argument("-a", "--dev-addr", type=_dev_addr, default="127.0.0.1:8000",
                       metavar="HOST:PORT",
                       help="where to serve the site (default: 127.0.0.1:8000)")
    _add_verbosity_options(serve)
    serve.set_defaults(run=run_serve)

    importer = commands.add_parser("import", help="import draft records from other data")
    sources = importer.add_subparsers(dest="source", required=True, metavar="SOURCE",
                                      help="where the data comes from")
    samhsa = sources.add_parser("samhsa", help="SAMHSA treatment-locator CSV or JSON")
    samhsa.add_argument("file", type=Path,
                        help="the locator's CSV export or JSON API response")
    samhsa.add_argument("--dir", type=Path, default=Path("programs"),
                        help="where to write the drafts (default: programs/)")
    area = samhsa.add_mutually_exclusive_group()
    area.add_argument("--near", metavar="ZIP", help="centre the area on a ZIP code")
    area.add_argument("--center", type=_lat_lon, metavar="LAT,LON",
                      help="centre of the area (default: the service area's in mkdocs.yml)")
    samhsa.add_argument("--radius", type=_positive, metavar="MILES",
                        help="keep facilities within this many miles (default: the service "
                        f"area's radius in mkdocs.yml, else {_DEFAULT_RADIUS})")
    samhsa.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="where the build's settings are (default: mkdocs.yml)")
    samhsa.add_argument(
        "--conditions", type=_conditions, metavar="LIST",
        help="what the facilities treat when the file does not say, e.g. "
        "substance-use,mental-health (default: from the file name)",
    )
    samhsa.add_argument(
        "--include-non-iop", action="store_true",
        help="also import facilities whose services list no intensive outpatient care "
        "(as drafts without levels_of_care, for an editor to confirm)",
    )
    _add_verbosity_options(samhsa)
    samhsa.set_defaults(run=run_import_samhsa)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from generator.geography import GeocodeError
    from generator.validation import validate_paths
    from generator.validation.readiness import is_draft

    if args.drafts and args.format != "text":
        raise UsageError("--drafts prints a to-do list for people: use it without --format")
    paths = args.paths or [Path("programs")]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    settings = _settings(args, paths).replace(geocode_online=args.geocode)
    changed = _changed_paths(args)
    progress = _progress(args)
    try:
        report = validate_paths(paths, settings, changed=changed,
                                cache=_validation_cache(args, settings), progress=progress)
    except GeocodeError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERRORS
    if report.files_checked == 0 and not report.has_errors:
        # A folder of notes but no records: a wrongly pointed path must not pass quietly.
        if report.diagnostics:
            print(diagnostics.render(report.diagnostics, "text"))
        raise UsageError(f"no record files (*.yaml) found in {', '.join(map(str, paths))}")
    drafts = {r.display_path for r in report.records if is_draft(r)}
    shown = [d for d in report.diagnostics if not (args.drafts and d.file in drafts)]
    if args.format == "github" and (args.changed or args.changed_files):
        shown = _annotate_changed_first(shown, {_shown_path(p) for p in changed})
    output = diagnostics.render(shown, args.format)
    if output:
        print(output)
    if args.drafts:
        print(_drafts_to_do(drafts, report.diagnostics))
    if args.format == "text" and progress.verbosity > QUIET:
        print(f"{diagnostics.summary(report.diagnostics, report.files_checked)} in "
              f"{progress.summary()}", file=sys.stderr)
    return EXIT_ERRORS if report.has_errors else EXIT_OK


def _validation_cache(args: argparse.Namespace, settings: Settings) -> ValidationCache | None:
    """The cache of findings, unless told not to use one; never with --geocode, whose
    answers come from the network."""
    from generator.validation.cache import CACHE_DIR_NAME, ValidationCache

    if args.no_cache or settings.geocode_online:
        return None
    folder = args.cache_dir or settings.project_root / CACHE_DIR_NAME
    try:
        return ValidationCache(folder, settings)
    except OSError:  # the package's own files unreadable: check without a cache
        return None


def _changed_paths(args: argparse.Namespace) -> list[Path]:
    """What the editor is changing: --changed, --changed-files, and files named directly."""
    changed = list(args.changed)
    if args.changed_files is not None:
        with args.changed_files as listing:
            changed += [Path(line.strip()) for line in listing if line.strip()]
    changed += [path for path in args.paths if path.is_file()]
    return changed


def _shown_path(path: Path) -> str:
    """A path as findings name it (relative to the current folder, with slashes)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


# GitHub Actions shows at most ten error and ten warning annotations of a step.
ANNOTATIONS_SHOWN = 10


def _annotate_changed_first(
    findings: list[diagnostics.Diagnostic], changed: set[str]
) -> list[diagnostics.Diagnostic]:
    """The changed files' findings, to print as annotations; the rest go to the step
    summary (GitHub shows only the first ten annotations of each kind a step, and an
    editor's own mistake must not be crowded out by findings in files they never touched)."""
    own = diagnostics.in_order(d for d in findings if d.file in changed)
    others = [d for d in findings if d.file not in changed]
    # The changed files' own findings past GitHub's ten of a kind are listed too.
    unshown = [d for kind in (True, False)
               for d in [d for d in own if d.is_error is kind][ANNOTATIONS_SHOWN:]]
    text = ""
    if unshown:
        text += (f"### {len(unshown)} more finding{'s' * (len(unshown) != 1)} in the records "
                 f"this change touches (GitHub shows {ANNOTATIONS_SHOWN} annotations of each "
                 f"kind)\n\n{diagnostics.markdown_table(unshown)}\n\n")
    if others:
        table = diagnostics.markdown_table(others)
        text += (f"### {len(others)} finding{'s' * (len(others) != 1)} in records this change "
                 f"does not touch\n\n{table}\n")
    if text:
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            print(text, file=sys.stderr)
    return own


def run_due(args: argparse.Namespace) -> int:
    from generator.geography import GeocodeError
    from generator.review import due_listings, format_due
    from generator.validation import validate_paths

    paths = args.paths or [Path("programs")]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    settings = _settings(args, paths)
    try:
        report = validate_paths(paths, settings)
    except GeocodeError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERRORS
    due = due_listings(report.records, settings, within_days=args.within)
    print(format_due(due, args.format, link_base=args.link_base, within_days=args.within))
    return EXIT_OK


def _drafts_to_do(drafts: set[str], findings: list[diagnostics.Diagnostic]) -> str:
    """Each draft with every finding about it: what an editor must do before publishing."""
    from generator.validation.readiness import BEFORE_PUBLISHING

    if not drafts:
        return "No drafts."
    by_file: dict[str, list[diagnostics.Diagnostic]] = {}
    for finding in sorted(findings, key=lambda d: (d.line, d.column)):
        by_file.setdefault(finding.file, []).append(finding)
    lines = [f"{len(drafts)} draft{'s' * (len(drafts) != 1)}:"]
    for path in sorted(drafts):
        items = by_file.get(path, [])
        lines.append(f"\n{path}: {len(items) or 'nothing'} to do before publishing")
        for item in items:
            message = item.message.removeprefix(BEFORE_PUBLISHING)
            subject = f"{item.field}: " if item.field else ""
            place = f" (line {item.line})" if item.line else ""
            mark = "error: " if item.is_error else ""
            lines.append(f"  - {mark}{subject}{message}{place}")
    return "\n".join(lines)


def run_new(args: argparse.Namespace) -> int:
    from generator.new_record import write_skeleton

    try:
        path = write_skeleton(args.name, args.dir)
    except (ValueError, FileExistsError) as err:
        raise UsageError(str(err)) from None
    print(f"wrote {path}: fill in every FILL IN, then run {program_name()} validate {path}")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from generator.mkdocs_adapter.commands import build_site

    _require_config(args.config_file)
    if args.site_dir is not None and args.site_dir.exists() and not args.site_dir.is_dir():
        raise UsageError(f"--site-dir {args.site_dir} is a file; give a folder for the site")
    return build_site(args.config_file, site_dir=args.site_dir, search=not args.no_search_index,
                      progress=_progress(args))


def run_serve(args: argparse.Namespace) -> int:
    from generator.mkdocs_adapter.commands import serve_site

    _require_config(args.config_file)
    return serve_site(args.config_file, dev_addr=args.dev_addr, verbosity=args.verbosity)


def run_import_samhsa(args: argparse.Namespace) -> int:
    from generator.importers.samhsa import SourceError, format_report, import_samhsa

    area = _settings(args, []).service_area
    center = args.center or area.center
    if args.near is not None:
        from generator.geography import zip_place

        place = zip_place(args.near.strip())
        if place is None:
            raise UsageError(f"--near {args.near!r}: not a known 5-digit ZIP code")
        center = place.point
    if args.file.is_dir():
        raise UsageError(f"{args.file} is a folder; give the CSV or JSON file in it")
    if not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    try:
        report = import_samhsa(
            args.file, args.dir, center=center, radius_miles=args.radius or area.radius_miles,
            today=dt.date.today(),
            conditions=args.conditions, iop_only=not args.include_non_iop,
            progress=_progress(args),
        )
    except SourceError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERRORS
    print(format_report(report))
    return EXIT_OK


def _add_verbosity_options(parser: argparse.ArgumentParser) -> None:
    """-q and -v, as mkdocs and hugo have them."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=QUIET,
                       default=NORMAL,
                       help="show only warnings and errors: no progress, no timings")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const",
                       const=VERBOSE, help="also show each stage as it ends, and debug lines")


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(args.verbosity)


def _add_area_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--center", type=_lat_lon, metavar="LAT,LON",
        help="centre of the service area (default: the plugin's service_area in "
        "mkdocs.yml, else downtown Austin)",
    )
    parser.add_argument(
        "--radius", type=_positive, metavar="MILES",
        help="radius of the service area in miles (default: as mkdocs.yml says, else "
        f"{_DEFAULT_RADIUS})",
    )
    parser.add_argument(
        "-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
        help="where the build's settings are (default: mkdocs.yml)",
    )


def _require_config(path: Path) -> None:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the settings file with -f FILE")
    if not path.is_file():
        raise UsageError(f"{path}: no such file; run this from the project's folder "
                         "(where mkdocs.yml is) or give -f FILE")
    try:
        with path.open("rb"):
            pass
    except OSError as err:
        raise EnvironmentProblem(describe_os_error(err, "read", path)) from None


def _dev_addr(text: str) -> str:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not HOST:PORT, e.g. 127.0.0.1:8001")
    return text


def _lat_lon(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not LAT,LON, e.g. {DOWNTOWN_AUSTIN[0]},{DOWNTOWN_AUSTIN[1]}"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text!r} is not a point on Earth")
    return (lat, lon)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text!r} must be a number more than 0")
    return value


def _conditions(text: str) -> list[str]:
    from generator.vocabulary import group

    allowed = list(group("condition").values)
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"{text!r}: list conditions from {', '.join(allowed)}, separated by commas")
    return chosen


def _settings(args: argparse.Namespace, paths: list[Path]) -> Settings:
    """The settings mkdocs.yml gives (the build's), with what the command line says on top.

    The geocode cache is the one beside the records checked (programs/.geocode-cache.json,
    where builds read it).
    """
    from generator.settings import GEOCODE_CACHE_NAME, ServiceArea, SettingsError, read_settings

    try:
        settings = read_settings(getattr(args, "config_file", Path("mkdocs.yml")))
    except SettingsError as err:
        raise UsageError(f"{getattr(args, 'config_file', 'mkdocs.yml')}: {err}") from None
    area = settings.service_area
    folder = (paths[0] if paths[0].is_dir() else paths[0].parent) if paths else \
        settings.programs_dir
    return settings.replace(
        service_area=ServiceArea(getattr(args, "center", None) or area.center,
                                 getattr(args, "radius", None) or area.radius_miles),
        today=_today(args, settings),
        geocode_cache=folder / GEOCODE_CACHE_NAME,
    )


def _today(args: argparse.Namespace, settings: Settings) -> dt.date:
    """--today, else the build's (mkdocs.yml's today, or IOP_DIRECTORY_TODAY), else today."""
    if getattr(args, "today", None):
        today: dt.date = args.today
        return today
    if settings.today != dt.date.today():
        return settings.today
    configured = os.environ.get("IOP_DIRECTORY_TODAY", "").strip()
    if configured:
        try:
            return dt.date.fromisoformat(configured)
        except ValueError:
            raise UsageError(
                f"IOP_DIRECTORY_TODAY={configured!r} is not a date YYYY-MM-DD") from None
    return dt.date.today()


def _whole_days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
