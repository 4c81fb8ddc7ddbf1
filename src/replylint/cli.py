"""The command line: parse options, call the library, print, exit 0 (clean), 1 (errors found) or 2 (usage, input or config)."""

# No `from __future__ import annotations`: typer reads the commands' annotations at every run,
# and string annotations cost it an eval (and a compile) each.
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Iterator, List, Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .clicoerce import LeanCommand, make_lean

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class _DefaultToCheck(TyperGroup):
    """`replylint draft.txt` means `replylint check draft.txt`, as with ruff and Vale."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        make_lean(self.get_params(ctx))
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToCheck,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Lint Japanese customer-support reply drafts against your support guidelines.\n\n"
    "Usage: replylint [OPTIONS] PATH... (same as `replylint check`). "
    "Exit status: 0 no error-level problem, 1 problems at error level, 2 usage, input or configuration error.",
)


def _fail(message: str) -> typer.Exit:
    print(f"replylint: error: {message}", file=sys.stderr)
    return typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        print(f"replylint {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    pass


def _load(select: list[str], ignore: list[str], packs: list[str] | None = None) -> Any:
    """The rules of the config governing the working directory (a team's own rules included)."""
    from .config import Configs
    from .ruleset import ConfigError
    from .rules import RuleError

    try:
        return Configs(select=select, ignore=ignore).profile_for(Path.cwd()).rules
    except (RuleError, ConfigError) as exc:
        raise _fail(str(exc)) from None


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


@app.command("check", cls=LeanCommand)
def check(
    paths: Annotated[List[str], typer.Argument(help="Files, folders (recursed) or globs to lint; '-' reads stdin.", show_default=False, metavar="PATH")],
    inquiry: Annotated[Optional[str], typer.Option("--inquiry", "-i", metavar="FILE", help="The customer's message the draft answers ('-' for stdin).")] = None,
    output_format: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="pretty, concise, json, sarif, github or junit (default: pretty on a terminal, else concise).")] = None,
    select: Annotated[List[str], typer.Option("--select", metavar="RULE", help="Run only this rule or pack (repeatable).")] = [],  # noqa: B006
    ignore: Annotated[List[str], typer.Option("--ignore", metavar="RULE", help="Skip this rule or pack (repeatable).")] = [],  # noqa: B006
    encoding: Annotated[Optional[str], typer.Option("--encoding", metavar="ENCODING", help="Encoding of the input files, e.g. cp932 (default: UTF-8).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also say which rules were skipped and why.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print a count of problems per rule instead of each problem (as JSON with --format json).")] = False,
    config: Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="Use this config file for every file (.replylint.yaml or pyproject.toml).")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore config files: built-in defaults only.")] = False,
    template: Annotated[bool, typer.Option("--template", help="Treat every input as a template (placeholders are expected).")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", metavar="PATH", help="The path stdin's text stands for (picks its config, globs, Markdown).")] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply every safe fix to the files, then report what remains.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the safe fixes as a unified diff instead of writing (exit 1 if there are any).")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", help="Worker processes for many files (default: the CPU count; 1: in this process).", show_default=False)] = None,
    force_exclude: Annotated[bool, typer.Option("--force-exclude", help="Apply the config's `exclude` to files named explicitly too (for pre-commit, which names every staged file).")] = False,
    cache: Annotated[Optional[bool], typer.Option("--cache/--no-cache", help="Skip files unchanged since the last run (results kept in .replylint_cache/; default: on in a project with a config).", show_default=False)] = None,
) -> None:
    """Lint drafts and templates: files, folders (recursed) and globs (the default command)."""
    from .formats import FORMATS, OutputOptions, Tally, writer
    from .progress import track
    from .rules import RuleError
    from .ruleset import ConfigError
    from .run import Request, RunRules, stream
    from .source import InputError, read_source

    fmt = output_format or ("pretty" if sys.stdout.isatty() else "concise")
    if fmt not in FORMATS:
        raise _fail(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    if paths.count("-") + (inquiry == "-") > 1:
        raise _fail("stdin ('-') can be read only once")
    if config is not None and no_config:
        raise _fail("--config and --no-config cannot be used together")
    if jobs is not None and jobs < 1:
        raise _fail("--jobs must be 1 or more")
    if fix and "-" in paths and not diff:
        raise _fail("--fix cannot write back to stdin; use --diff to see the fixes")
    inquiry_text = None
    if inquiry is not None:
        try:
            inquiry_text = read_source(inquiry, encoding).text
        except InputError as exc:
            raise _fail(f"inquiry {exc}") from None
    request = Request(paths, inquiry_text, encoding, select, ignore, config, no_config, template, stdin_filename, jobs, cache, fix, diff, force_exclude)
    try:
        run = stream(request, track)
        # A person at a terminal gets the report after the progress bar, as a whole; a pipe or a
        # file gets it file by file, so memory stays flat however many files there are.
        pending = iter(list(run.results)) if sys.stdout.isatty() else run.results
        first = next(pending, None)  # a broken config or rule stops the run here, before any output
    except (RuleError, ConfigError) as exc:
        raise _fail(str(exc)) from None
    results = itertools.chain([first], pending) if first is not None else iter(())
    tally = Tally()
    if diff:
        for r in _reported(results, tally, verbose=False):
            pass
        raise typer.Exit(EXIT_ERROR if tally.failed else EXIT_PROBLEMS if run.changed else EXIT_CLEAN)
    if first is None:
        print("replylint: warning: no files to lint (check the folder and the config's include/exclude)", file=sys.stderr)
    options = OutputOptions(color=_use_color(), verbose=verbose, rules=RunRules(run.configs))
    try:
        if statistics:
            from .formats.statistics import write as write_statistics

            write_statistics(_reported(results, tally, verbose), sys.stdout, options, as_json=fmt == "json")
        else:
            writer(fmt)(_reported(results, tally, verbose), sys.stdout, options)
    except (RuleError, ConfigError) as exc:  # not expected after the first result; never a traceback
        raise _fail(str(exc)) from None
    if tally.failed:
        raise typer.Exit(EXIT_ERROR)
    if tally.counts["error"]:
        raise typer.Exit(EXIT_PROBLEMS)


def _reported(results: Iterator[Any], tally: Any, verbose: bool) -> Iterator[Any]:
    """The results, counted for the exit status; a file's error goes to stderr as it passes, and
    with --verbose the rules skipped for want of an inquiry once the last has passed."""
    for r in results:
        tally.add(r)
        if r.error:
            print(f"replylint: error: {r.path}: {r.error}", file=sys.stderr)
        yield r
    if verbose and tally.skipped:
        print(f"replylint: skipped (no --inquiry given): {', '.join(sorted(tally.skipped))}", file=sys.stderr)


@app.command("rules")
def rules_command(
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    select: Annotated[List[str], typer.Option("--select", help="Only this rule or pack (repeatable).")] = [],  # noqa: B006
) -> None:
    """List every rule: id, pack, severity, kind and a one-line summary."""
    rules = _load(select, [])
    if output_format == "json":
        rows = [{"id": r.id, "pack": r.pack, "severity": r.severity, "kind": r.kind, "summary": r.summary, "options": dict(r.options)} for r in rules]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if output_format != "text":
        raise _fail(f"unknown format '{output_format}' (formats: text, json)")
    header = ("id", "pack", "severity", "kind", "summary")
    rows_text = [header] + [(r.id, r.pack, r.severity, r.kind, r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows_text) for i in range(4)]
    for row in rows_text:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])


@app.command("explain")
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id, as shown by `replylint rules`.")]) -> None:
    """Explain a rule: what it checks, why, its options and examples."""
    from .explain import render

    rules = _load([], [])
    rule = rules.get(rule_id)
    from .config import META_RULES

    if rule is None and rule_id in META_RULES:
        print(f"{rule_id} (info): {META_RULES[rule_id]}. Reported in Markdown and HTML files; see the README's \"Suppression comments\".")
        return
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, [r.id for r in rules], n=1)
        raise _fail(f"unknown rule '{rule_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    print(render(rule))


@app.command("test")
def test_rules(
    paths: Annotated[Optional[List[Path]], typer.Argument(help="Rule files or folders (default: the built-in rules).", show_default=False)] = None,
) -> None:
    """Run rules' own examples: invalid texts must fire, valid texts must not."""
    from .rules import RuleError, builtin_rules_dir
    from .ruletester import cases, failures, rules_at

    try:
        rules = rules_at(paths or [builtin_rules_dir()])
    except RuleError as exc:
        raise _fail(str(exc)) from None
    failed = list(failures(rules))
    for failure in failed:
        print(failure)
    total = sum(1 for r in rules for _ in cases(r))
    print(f"{len(rules)} rules, {total} examples, {len(failed)} failed.")
    if failed:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("mcp")
def mcp_command(
    config: Annotated[Optional[Path], typer.Option("--config", help="Use this config file for every draft.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore config files; use the built-in defaults.")] = False,
) -> None:
    """Serve the Model Context Protocol over stdio: tools for an AI agent to lint a draft and explain rules.

    Drafts are linted as `replylint` in the same folder would: the project config governs."""
    from .mcp_server import ToolInputError, Workspace, build_server

    workspace = Workspace(config, no_config)
    try:
        workspace.profile()  # a broken config or team rule stops the server now, not at the agent's first call
    except ToolInputError as exc:
        raise _fail(str(exc)) from None
    try:
        server = build_server(workspace)
    except ImportError as exc:
        raise _fail(f"the mcp command needs the MCP SDK ({exc}); install it with: pip install 'replylint[mcp]'") from None
    server.run("stdio")


@app.command("init")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path(".replylint.yaml"),
) -> None:
    """Write a commented starter .replylint.yaml (never overwrites an existing file)."""
    from .config import STARTER

    if path.exists() or path.is_symlink():  # a dangling link too: writing would create its target
        raise _fail(f"{path} already exists; not overwriting it")
    try:
        with open(path, "x", encoding="utf-8") as out:  # "x": never replace what appeared meanwhile
            out.write(STARTER)
    except FileExistsError:
        raise _fail(f"{path} already exists; not overwriting it") from None
    except OSError as exc:
        raise _fail(f"{path}: {exc.strerror or exc}") from None
    print(f"wrote {path}")


def main() -> None:
    # Started with stdout or stderr closed (`replylint x >&-`), Python has None there: the exit
    # status still tells the result.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at interpreter exit
    except KeyboardInterrupt:
        print("replylint: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    except OSError as exc:  # writing the output failed (ENOSPC on /dev/full, EIO): say so, exit 2
        print(f"replylint: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
