"""Hostile inputs found by throwing odd files, options, configs and rules at the CLI (issue 6,
"beyond the test suite's"): each test pins one misbehaviour that was found and fixed — a
traceback, a misleading error, a file --fix would have damaged."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EVIL_RULE

from replylint.fixes import FixWriteError, write_fixed
from replylint.source import InputError, decode, read_source

DRAFT = "ご確認下さい。ＡＢＣです。\r\n明日は来れますか？\r\n"
FIXED = "ご確認ください。ABCです。\r\n明日は来られますか？\r\n"


def cli(*args: str, cwd: Path | None = None, stdin: bytes = b"", timeout: float = 60) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.run([sys.executable, "-m", "replylint", *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=env)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err[-3000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, err[-2000:])
    return proc.returncode, out, err


# --- --encoding -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["undefined", "idna", "punycode"])
def test_an_odd_codec_is_an_input_error(name: str) -> None:
    """'undefined' raised a bare UnicodeError (a traceback from the CLI), not UnicodeDecodeError."""
    with pytest.raises(InputError, match="cannot decode"):
        decode("x.txt", "ご確認ください。".encode(), name)


def test_undefined_codec_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--encoding", "undefined", str(path))
    assert code == 2 and "cannot decode" in err


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (DRAFT.encode("utf-16-le"), "utf-16"),  # no BOM: was refused as "changed while being fixed"
        (codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"), "utf-16"),  # big-endian: the same
        (codecs.BOM_UTF16_LE + DRAFT.encode("utf-16-le"), "UTF16"),
        (DRAFT.encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + DRAFT.encode("utf-32-be"), "utf-32"),
    ],
    ids=["utf16-no-bom", "utf16-be-bom", "utf16-le-bom", "utf32-no-bom", "utf32-be-bom"],
)
def test_fix_keeps_utf16_and_utf32_byte_order_and_bom(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    source = read_source(str(path), encoding)
    assert source.text == DRAFT
    assert source.encode(source.text) == data  # the text goes back to exactly the bytes read
    write_fixed(source, FIXED)
    new = path.read_bytes()
    bom = data[: len(data) - len(DRAFT.encode(source.encoding.replace("_", "-")))]
    assert new.startswith(bom) and new[len(bom) :].decode(source.encoding) == FIXED


def test_fix_from_the_cli_on_a_big_endian_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"))
    code, _, err = cli("--no-config", "--encoding", "utf-16", "--fix", str(path))
    assert "fixed" in err and "not written" not in err
    assert path.read_bytes() == codecs.BOM_UTF16_BE + FIXED.encode("utf-16-be")


def test_fix_refuses_an_encoding_that_does_not_round_trip(tmp_path: Path) -> None:
    """cp932 reads NEC's 0x8790 (≒) but writes IBM's 0x81E0: --fix would change a byte it did not
    fix. It is refused, and the message says why (it used to claim the file had changed)."""
    path = tmp_path / "a.txt"
    data = "明日は来れますか？".encode("cp932") + b"\x87\x90"
    path.write_bytes(data)
    source = read_source(str(path), "cp932")
    with pytest.raises(FixWriteError, match="round-trip"):
        write_fixed(source, source.text.replace("来れ", "来られ"))
    assert path.read_bytes() == data


# --- --fix on files it must not write ------------------------------------------------------


def test_fix_leaves_a_read_only_file_alone(tmp_path: Path) -> None:
    """The temporary file renamed over the target made a read-only file writable in effect
    (as root, or in a writable folder): a read-only file is now refused."""
    path = tmp_path / "a.txt"
    path.write_bytes(DRAFT.encode())
    path.chmod(0o444)
    code, _, err = cli("--no-config", "--fix", str(path))
    assert code == 2 and "read-only" in err
    assert path.read_bytes() == DRAFT.encode()
    assert path.stat().st_mode & 0o777 == 0o444


# --- output formats ----------------------------------------------------------------------


def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A name with byte 0xFF reaches Python as a surrogate escape; quote() raised on it."""
    name = os.fsdecode(b"\xff.txt")
    (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    code, out, _ = cli("--no-config", "-f", "sarif", name, cwd=tmp_path)
    assert code == 1 and '"uri": "%FF.txt"' in out


# --- config placeholders -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "needle"),
    [
        ('["(?i)foo"]', "global flags"),  # fine alone, broke the joined expression at lint time
        ('["(?P<n>a)", "(?P<n>b)"]', "cannot be used together"),
        ('["a{99999999999}"]', "repetition number is too large"),  # OverflowError, not re.error
        ('["a)|(b"]', "bad regular expression"),
    ],
)
def test_bad_placeholder_is_a_config_error_with_file_and_line(tmp_path: Path, items: str, needle: str) -> None:
    (tmp_path / ".replylint.yaml").write_text(f"select: [notation]\nplaceholders: {items}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--no-cache", "a.txt", cwd=tmp_path)
    assert code == 2 and ".replylint.yaml:2: placeholders:" in err and needle in err
    assert "internal error" not in err


def test_catastrophic_placeholder_cannot_hang_a_run(tmp_path: Path) -> None:
    """Placeholders ran through the stdlib's `re`, which has no time limit: this hung for ever."""
    (tmp_path / ".replylint.yaml").write_text('placeholders: ["(a|aa)+$"]\n', encoding="utf-8")
    for k in range(3):
        (tmp_path / f"d{k}.txt").write_text("ご確認ください。" + "a" * 60 + "!", encoding="utf-8")
    t0 = time.perf_counter()
    code, _, err = cli("--no-cache", "--jobs", "1", "d0.txt", "d1.txt", "d2.txt", cwd=tmp_path)
    assert time.perf_counter() - t0 < 15  # one time-out, then the pattern is refused at once
    assert code == 2 and err.count("placeholder pattern '(a|aa)+$' took more than") == 3
    assert ".replylint.yaml: placeholders" in err


def test_a_good_placeholder_still_masks(tmp_path: Path) -> None:
    from replylint.templates import Placeholder, Placeholders

    placeholders = Placeholders.with_extra([Placeholder.parse({"pattern": "<<[a-z]+>>", "width": 2})])
    masks = placeholders.masks("ご確認ください <<name>> 様 {{x}}")
    assert [(m.start, m.end, m.width) for m in masks] == [(8, 16, 2.0), (19, 24, 4.0)]


# --- errors while linting that are not the file's fault ------------------------------------



@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_catastrophic_rule_regex_under_fix_is_a_file_error(tmp_path: Path, mode: str) -> None:
    """Linting caught PatternTimeout per file, --fix/--diff did not: a traceback."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "evil-regex.yml").write_text(EVIL_RULE, encoding="utf-8")
    (tmp_path / ".replylint.yaml").write_text("rule-dirs: [rules]\nselect: [evil-regex, notation]\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("a" * 60 + "!", encoding="utf-8")
    good = tmp_path / "e.txt"
    good.write_text("ご確認下さい。", encoding="utf-8")
    code, out, err = cli("--no-cache", mode, "d.txt", "e.txt", cwd=tmp_path)
    assert code == 2 and "d.txt: rule 'evil-regex'" in err and "catastrophic" in err
    assert draft.read_text(encoding="utf-8") == "a" * 60 + "!"
    if mode == "--fix":
        assert good.read_text(encoding="utf-8") == "ご確認ください。"  # the rest is still fixed
    else:
        assert "+ご確認ください。" in out


def test_a_broken_team_rule_found_while_linting_is_a_config_error(tmp_path: Path) -> None:
    """A config's rules load with the first file it governs; their errors were reported as
    'internal error while linting: ConfigError: ...' for every file."""
    (tmp_path / ".replylint.yaml").write_text("options: {sentence-length: {max: x}}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--no-cache", "a.txt", "b.txt", cwd=tmp_path)
    assert code == 2 and "internal error" not in err
    assert err.count(".replylint.yaml:1: options.sentence-length") == 1 and "'max'" in err


# --- quadratic scans of Markdown, HTML and placeholders --------------------------------------
# Each of these took minutes on a one-line file of a megabyte (a regular expression rescanning
# to the line's end from every unclosed opener, or an overlap test against every other span).
# Timed at a size where quadratic code takes tens of seconds and linear code well under one.


def _lint_prose(text: str, name: str) -> float:
    from replylint import markdown
    from replylint.templates import Placeholders

    t0 = time.perf_counter()
    placeholders = Placeholders.with_extra()
    kind = markdown.kind_of(name)
    protect = [(m.start, m.end) for m in placeholders.masks(text)]
    prose = markdown.prose(text, kind, protect)
    placeholders.masks(prose.text, prose.masks)
    return time.perf_counter() - t0


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("a.md", "[a]("),  # _LINK_RE's target scanned to the line's end from each `](`
        ("a.md", "!["),  # _IMAGE_RE
        ("a.md", "[["),
        ("a.txt", "{{"),  # the default placeholders' `.*?`
        ("a.txt", "{%"),
        ("a.txt", "${"),
        ("a.txt", "[["),
        ("a.html", "<script>"),  # _RAW_BLOCK_RE rescanned to the end of the file (dot-all)
        ("a.html", "<style x"),
        ("a.md", "{{x}} `a` "),  # placeholders × code spans in Placeholders.masks
        ("a.md", "`a` [b](c) "),  # links × code spans in markdown._overlaps
    ],
)
def test_markup_and_placeholders_are_linear(name: str, unit: str) -> None:
    text = unit * (200_000 // len(unit))
    assert _lint_prose(text, name) < 3.0


def test_raw_blocks_agree_with_the_regular_expression() -> None:
    import random
    import re

    from replylint.markdown import _raw_blocks

    old = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
    parts = ["<script>", "</script>", "<style a>", "</STYLE >", "<Script", ">", "x", "</script", "\n", "<scripts>", "</style>", "<style"]
    rnd = random.Random(6)
    for _ in range(3000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12)))
        assert _raw_blocks(text) == [m.span() for m in old.finditer(text)], text


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("{{name}} 様 {% if vip %} ${id} %NAME% [[x]]", [(0, 8), (11, 23), (24, 29), (30, 36), (37, 42)]),
        ("{{{name}}}", [(0, 9)]),
        ("{{a {{b}}", [(4, 9)]),  # a placeholder holds no opener of its own
        ("{{\n}}", []),
    ],
)
def test_default_placeholders_still_match(text: str, spans: list[tuple[int, int]]) -> None:
    from replylint.masks import find_masks

    assert [(m.start, m.end) for m in find_masks(text) if m.kind == "<placeholder>"] == spans


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("詳しくは[こちら](https://example.com/a_(b))をご覧ください。", "こちら"),
        ("![図](a.png) と [手順](https://x.jp/?q=1 \"題\") を", "手順"),
    ],
)
def test_links_still_blanked(text: str, kept: str) -> None:
    from replylint import markdown

    prose = markdown.prose(text, "markdown", []).text
    assert kept in prose and "https" not in prose and "(" not in prose.replace("(b)", "")
    assert len(prose) == len(text)


# --- collections ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ['{"body": "３\r\nきｲ"}', 'body: "３\r\nきｲ"\n', "body: ３\r\n  きｲ\n", "body: |\r\n  ３\r\n  きｲ\r\n"],
    ids=["json-folded", "yaml-double-quoted", "yaml-plain", "yaml-block"],
)
def test_collection_span_never_ends_inside_crlf(raw: str) -> None:
    """A line break folded into a space (or kept) was mapped to the \\n of a CRLF: the span of the
    character before it ended between \\r and \\n (found by fuzzing; its end column disagreed)."""
    from replylint.collection import entries

    (entry,) = entries(raw, "x.yaml", "body")
    start, end = entry.span(0, 1)
    assert raw[start:end] == "３"
    k = entry.text.index("き")
    assert raw[entry.span(k, k + 1)[0]] == "き"


@pytest.mark.parametrize(
    "text",
    ['{"body":' * 50_000, '{"x":' * 20_000 + '{"body": "ご確認ください"}' + "}" * 20_000, "- " * 100_000 + "x\n"],
    ids=["unclosed-json", "closed-json", "yaml-dashes"],
)
def test_deeply_nested_collection_is_refused_not_a_crash(tmp_path: Path, text: str) -> None:
    """PyYAML's C composer recursed once per level: 50,000 `{"body":` killed the process with
    SIGSEGV (exit -11, nothing printed). Run in a subprocess so that a regression cannot take
    pytest down with it."""
    (tmp_path / ".replylint.yaml").write_text('collections: {"*.json": body, "*.yaml": body}\n', encoding="utf-8")
    name = "c.yaml" if text.startswith("-") else "c.json"
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, _, err = cli("--no-cache", "--jobs", "1", name, cwd=tmp_path)
    assert code == 2 and "nested more than 200 levels" in err


def test_brackets_inside_collection_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    from replylint.collection import entries

    raw = '{"body": "' + "[" * 1000 + 'ご確認ください"}'
    (entry,) = entries(raw, "c.json", "body")
    assert entry.text.endswith("ご確認ください")


# --- a damaged cache is a miss, not a crash -------------------------------------------------


def _damaged_cache(tmp_path: Path, damage) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    import json

    (tmp_path / ".replylint.yaml").write_text("select: [notation]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    cli("--cache", "a.txt", cwd=tmp_path)
    (cache_file,) = (tmp_path / ".replylint_cache").glob("*.json")
    cache_file.write_text(damage(json.loads(cache_file.read_text(encoding="utf-8"))), encoding="utf-8")
    return cli("--cache", "-f", "sarif", "a.txt", cwd=tmp_path)


def _wrong_type(data: dict) -> str:  # type: ignore[type-arg]
    import json

    for entry in data.values():
        entry["diagnostics"][0]["line"] = "x"
    return json.dumps(data)


@pytest.mark.parametrize(
    "damage",
    [lambda data: "[" * 100_000, _wrong_type],
    ids=["nested-beyond-json-parser", "wrong-field-type"],
)
def test_damaged_cache_is_a_miss(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    """json.loads raised RecursionError (not ValueError) and a field of the wrong type reached the
    SARIF writer: both were tracebacks. Now the file is linted again."""
    code, out, _ = _damaged_cache(tmp_path, damage)
    assert code == 0 and '"ruleId": "notation"' in out and '"startLine": 1' in out


# --- closed or full standard streams --------------------------------------------------------


def _shell(command: str, tmp_path: Path) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, timeout=60, env=env)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    return proc.returncode, err


@pytest.mark.parametrize(
    ("redirect", "code", "needle"),
    [
        ("- <&-", 2, "standard input is closed"),  # sys.stdin is None: AttributeError
        ("--inquiry - a.txt <&-", 2, "standard input is closed"),
        ("a.txt >&-", 1, ""),  # sys.stdout is None: AttributeError; the status still tells
        ("a.txt > /dev/full", 2, "cannot write the output: No space left on device"),  # OSError from print
        ("-f json a.txt > /dev/full", 2, "cannot write the output"),
    ],
)
def test_closed_or_full_streams(tmp_path: Path, redirect: str, code: int, needle: str) -> None:
    if redirect.endswith("/dev/full") and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    got, err = _shell(f"exec {sys.executable} -m replylint --no-config {redirect}", tmp_path)
    assert got == code and needle in err


# --- --jobs ---------------------------------------------------------------------------------


def test_huge_jobs_does_not_fork_a_process_per_job() -> None:
    """With `fork`, ProcessPoolExecutor starts every worker at once: `--jobs 300` forked 300
    processes for 100 small files (and `--jobs 100000` would fork a hundred thousand)."""
    from replylint.parallel import MAX_WORKERS_PER_CPU, cpu_count, workers

    assert workers(100_000, 100) == min(100, MAX_WORKERS_PER_CPU * cpu_count())
    assert workers(100_000, 3) == 3
    assert workers(2, 1000) == 2
    assert workers(1, 0) == 1


def test_huge_jobs_from_the_cli(tmp_path: Path) -> None:
    for k in range(40):
        (tmp_path / f"d{k}.txt").write_text("ご確認ください。よろしくお願いいたします。\n" * 100, encoding="utf-8")
    t0 = time.perf_counter()
    code, _, err = cli("--no-config", "--no-cache", "--jobs", "100000", ".", cwd=tmp_path)
    assert code in (0, 1) and time.perf_counter() - t0 < 30, err


# --- kinds: unbounded output and a quadratic scan -----------------------------------------


def test_a_run_of_one_token_is_reported_at_most_ten_times() -> None:
    from replylint import lint

    for text in ("漢" * 2000, "1" * 2000, "a" * 2000):
        assert len([d for d in lint(text) if d.rule == "successive-word"]) <= 10, text[:5]


# --- suppression comments -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "下さい <!-- replylint-disable x " * 20_000,  # unclosed: the directive regex rescanned to the end
        "<!-- replylint-disable notation -->\n下さい\n<!-- replylint-enable notation -->\n" * 5_000,  # regions × diagnostics
        "<!-- replylint-disable x -->\n" * 5_000 + "<!-- replylint-enable y -->\n" * 5_000,  # enables × open regions
    ],
    ids=["unclosed", "pairs", "enables"],
)
def test_many_suppression_comments_are_linear(text: str) -> None:
    from replylint import suppression
    from replylint.diagnostics import Diagnostic

    diagnostics = [Diagnostic("x.md", "notation", "warning", "m", k, k + 1, 1, 1, 1, 1) for k in range(0, len(text), 20)]
    known = frozenset({"notation", "general", "x", "y"})
    t0 = time.perf_counter()
    suppression.apply(text, diagnostics, "x.md", known, {"notation": "general"}, frozenset({"unused-suppression", "unknown-suppression"}))
    assert time.perf_counter() - t0 < 3.0


def test_a_directive_naming_an_id_many_times(tmp_path: Path) -> None:
    """Each of 200,000 repetitions of one id was reported, each message quoting the whole
    1.8 MB comment: the process was killed for memory. An id counts once, a long comment is cut."""
    from replylint import suppression

    text = "<!-- replylint-disable " + "notation " * 200_000 + "-->\n下さい"
    (directive,) = suppression.parse(text)
    assert directive.ids == ("notation",)
    found = suppression.apply(text, [], "x.md", frozenset({"notation"}), {"notation": "general"}, frozenset({"unused-suppression"}))
    assert len(found) == 1 and len(found[0].message) < 400


def test_suppression_semantics_kept() -> None:
    from replylint import suppression
    from replylint.diagnostics import Diagnostic

    text = "<!-- replylint-disable notation -->\nA\n<!-- replylint-enable -->\nB\n<!-- replylint-disable-next-line -->\nC\n<!-- replylint-disable nosuch"
    a, b, c = text.index("A"), text.index("B"), text.index("C")
    diagnostics = [Diagnostic("x.md", "notation", "warning", "m", k, k + 1, 1, 1, 1, 1) for k in (a, b, c)]
    meta = frozenset({"unused-suppression", "unknown-suppression"})
    kept = suppression.apply(text, diagnostics, "x.md", frozenset({"notation", "general"}), {"notation": "general"}, meta)
    assert [d.start for d in kept] == [b]  # the unclosed last comment is no directive


def _time_sentence_length(sentences: int) -> float:
    from replylint import Settings, lint, load_rules

    rules = load_rules(Settings(select=("sentence-length",)))
    text = "{{x}}。" * sentences
    t0 = time.perf_counter()
    lint(text, rules=rules)
    return time.perf_counter() - t0


def test_sentence_length_is_linear_in_placeholders() -> None:
    _time_sentence_length(500)  # warm the tagger and the rules
    small, large = _time_sentence_length(2000), _time_sentence_length(8000)
    assert large < 8 * small, (small, large)  # linear: about 4-5×; quadratic: 13×


# --- --diff ---------------------------------------------------------------------------------


@pytest.mark.skipif(subprocess.run(["which", "patch"], capture_output=True).returncode != 0, reason="no patch(1)")
@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c"])
def test_diff_applies_with_patch_whatever_the_line_separators(tmp_path: Path, odd: str) -> None:
    """unified_diff split lines with str.splitlines, which breaks at U+2028, U+0085, \\f...: the
    diff had '\\ No newline at end of file' in mid-file and patch(1) refused it as malformed."""
    text = f"ご確認下さい。{odd}次の行です。\n明日は来れますか？\n"
    (tmp_path / "a.txt").write_bytes(text.encode())
    code, out, _ = cli("--no-config", "--diff", "a.txt", cwd=tmp_path)
    assert code == 1 and out.count("No newline") == 0
    (tmp_path / "p.diff").write_bytes(out.encode())
    subprocess.run(["patch", "-s", "a.txt", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "a.txt").read_bytes() == text.replace("下さい", "ください").replace("来れ", "来られ").encode()


# --- files read whole that are not drafts: rule files, configs --------------------------------


def _limited_cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> tuple[int, str, str]:
    """cli() with the address space capped at 3 GB: a file read whole fails fast, not by swapping."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.run([sys.executable, "-m", "replylint", *args], cwd=cwd, capture_output=True, timeout=timeout, env=env, preexec_fn=cap)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err, err[-3000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, err[-2000:])
    return proc.returncode, out, err


@pytest.mark.parametrize("kind", ["device", "fifo", "sparse"])
def test_rule_tester_refuses_what_is_not_a_rule_file(tmp_path: Path, kind: str) -> None:
    """`replylint test /dev/zero` read until memory ran out (a MemoryError traceback), a FIFO
    blocked for ever, and a sparse file of gigabytes was read whole before its size was refused."""
    path = tmp_path / "x.yml"
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        with path.open("wb") as f:
            f.truncate(4 << 30)
    code, _, err = _limited_cli("test", str(path), timeout=30)
    assert code == 2 and ("not a regular file" in err or "larger than" in err), err


@pytest.mark.parametrize("name", [".replylint.yaml", "pyproject.toml"])
def test_oversized_config_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    """A config file of gigabytes (sparse) was read whole: MemoryError traceback, or gigabytes used."""
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    with (tmp_path / name).open("wb") as f:
        f.write(b"[tool.replylint]\n" if name == "pyproject.toml" else b"select: [notation]\n")
        f.truncate(4 << 30)
    code, _, err = _limited_cli("a.txt", cwd=tmp_path, timeout=30)
    assert code == 2 and name in err and "larger than" in err, err


# --- every regular expression a rule or config supplies is time-limited --------------------

_RULE_HEAD = """\
id: {id}
kind: {kind}
severity: error
summary: s
description: d
message: m  # no {{slot}}: every kind may use this head
examples:
  invalid: [b]
  valid: [c]
"""

_CATASTROPHIC_BODIES = {
    "pattern-allows": ("pattern", "patterns:\n  - {regex: 'a+!', allows: ['/(a|aa)+$/']}\n"),
    "fix-sub": ("pattern", "patterns:\n  - {regex: 'a+!', fix: {sub: [['(a|aa)+$', 'b']]}}\n"),
    # a token is at most 25 letters (MeCab's longest unknown word): 4**24 ways to fail
    "repetition-allow": ("repetition", "items: [{}]\noptions: {allow: ['/(?:a|a|a|a)*/']}\n"),
    "repetition-onomatopoeia": ("repetition", "items: [{}]\nonomatopoeia: '(?:a|a|a|a)*'\n"),
}


@pytest.mark.parametrize("name", list(_CATASTROPHIC_BODIES))
def test_catastrophic_regex_in_allows_fixes_and_repetition_cannot_hang(tmp_path: Path, name: str) -> None:
    """`allows`, `fix: {sub: ...}`, repetition's `allow` and `onomatopoeia` were compiled with the
    stdlib's re and run with no time limit: on a match of 60 letters or a token of 25, hours."""
    kind, body = _CATASTROPHIC_BODIES[name]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "hang.yml").write_text(_RULE_HEAD.format(id="hang", kind=kind) + body, encoding="utf-8")
    (tmp_path / ".replylint.yaml").write_text("rule-dirs: [rules]\nselect: [hang]\n", encoding="utf-8")
    word = "a" * 24 + "c"  # one token, repeated
    (tmp_path / "d.txt").write_text(f"{'a' * 60}! {word} {word}。\n", encoding="utf-8")
    code, _, err = cli("--no-cache", "d.txt", cwd=tmp_path, timeout=60)
    assert code == 2 and "rule 'hang'" in err and "catastrophic" in err, err


def test_a_bad_group_reference_in_a_fix_is_refused_at_load(tmp_path: Path) -> None:
    """`fix: {sub: [[a, '\\9']]}` loaded, then failed at the first fix as an 'internal error'."""
    from replylint.rules import RuleError, load_rule

    path = tmp_path / "bad-sub.yml"
    path.write_text(_RULE_HEAD.format(id="bad-sub", kind="pattern") + "patterns:\n  - {regex: 'b', fix: {sub: [['b', '\\9']]}}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"patterns\[0\]\.fix\.sub\[0\].*group"):
        load_rule(path)


# --- rule fields of the wrong type ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "body", "needle"),
    [
        ("[]", "patterns: [a]\n", "unknown kind"),
        ("pattern", "patterns:\n  - {id: [x], regex: a}\n", "id"),
        ("repetition", "items: [{}]\nkey: [[surface]]\n", "key"),
        ("metric", "metric: display-lines\noptions: {line-width: .nan}\n", "line-width"),
        ("metric", "metric: display-lines\noptions: {max-lines: .nan}\n", "max-lines"),
    ],
    ids=["kind-list", "pattern-id-list", "repetition-key-nested", "line-width-nan", "max-lines-nan"],
)
def test_a_rule_field_of_the_wrong_type_is_a_rule_error(tmp_path: Path, kind: str, body: str, needle: str) -> None:
    """Found by replacing every field of every built-in rule with values of other types: these
    raised TypeError (unhashable list) at load, or ValueError (NaN) at the first lint — an
    'internal error' naming the draft, not the rule."""
    from replylint.rules import RuleError, load_rule

    path = tmp_path / "odd.yml"
    path.write_text(_RULE_HEAD.format(id="odd", kind=kind) + body, encoding="utf-8")
    with pytest.raises(RuleError, match=needle):
        load_rule(path)


def test_a_nan_option_in_a_config_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".replylint.yaml").write_text("options: {sentence-length: {line-width: .nan}}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--no-cache", "a.txt", cwd=tmp_path)
    assert code == 2 and "internal error" not in err and "line-width" in err, err


# --- regular expressions that exhaust memory (refused by patterns.Regex at load) ---------------
# `regex.compile("a{1000000000}")` allocates until memory runs out (4 GB in 6 s, measured: the
# run ends as "out of memory while linting" at best), and `(?R)` recurses without end at its first
# search (3.6 GB in 2 s). The stdlib parses the first, so Regex compiles it only at the first
# draft holding an "a"; the second is compiled at load but only blows up when it runs. Both must
# be refused when the rule or config loads (see the report for the fix in patterns.py).

_MEMORY_BOMBS = ["a{1000000000}", "(?:ab){2000000000}", "(?R)"]


@pytest.mark.parametrize("regex", _MEMORY_BOMBS)
def test_a_rule_regex_that_exhausts_memory_is_refused_at_load(tmp_path: Path, regex: str) -> None:
    from replylint.rules import RuleError, load_rule

    path = tmp_path / "bomb.yml"
    path.write_text(_RULE_HEAD.format(id="bomb", kind="pattern") + f"patterns:\n  - '{regex}'\n", encoding="utf-8")
    with pytest.raises(RuleError, match="patterns"):
        load_rule(path)


def test_a_placeholder_that_exhausts_memory_is_refused_at_load(tmp_path: Path) -> None:
    from replylint.config import load_config
    from replylint.ruleset import ConfigError

    path = tmp_path / ".replylint.yaml"
    path.write_text('placeholders: ["a{1000000000}"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="placeholders"):
        load_config(path).placeholder_set.regex


# --- folders holding odd entries ------------------------------------------------------------


@pytest.mark.parametrize("flags", [(), ("--force-exclude",)], ids=["walk", "force-exclude"])
def test_a_symlink_loop_in_a_folder_is_a_file_error(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """Walking a folder placed each file relative to the config with Path.resolve(), which raises
    RuntimeError on a symlink loop (Python 3.11): a traceback for the whole run."""
    (tmp_path / ".replylint.yaml").write_text("exclude: [old/**]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    args = [*flags, "--no-cache", "--jobs", "1"]
    code, out, err = cli(*args, ".", cwd=tmp_path)
    assert code == 2 and "loop1.txt" in err and "a.txt:1:" in out, (out, err)
    code, out, err = cli(*args, "a.txt", "loop1.txt", cwd=tmp_path)
    assert code == 2 and "loop1.txt" in err and "a.txt:1:" in out, (out, err)


# --- the environment ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["concise", "pretty", "json", "sarif", "github", "junit"])
def test_an_ascii_or_latin1_stdout_is_no_traceback(tmp_path: Path, fmt: str) -> None:
    """With PYTHONIOENCODING=ascii (or a latin-1 terminal) every Japanese message raised
    UnicodeEncodeError: a traceback and no report. Characters the stream cannot hold are escaped."""
    (tmp_path / "a😀.txt").write_text("ご確認下さい。", encoding="utf-8")  # beyond the BMP: a surrogate pair in JSON
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"), PYTHONIOENCODING="ascii")
    proc = subprocess.run([sys.executable, "-m", "replylint", "--no-config", "-f", fmt, "a😀.txt"], cwd=tmp_path, capture_output=True, timeout=60, env=env)
    out, err = proc.stdout.decode("ascii"), proc.stderr.decode("ascii")
    assert "Traceback" not in err and proc.returncode == 1, err[-2000:]
    assert "notation" in out
    if fmt == "json":
        import json

        report = json.loads(out)["diagnostics"]
        assert "「下さい」は「ください」と書いてください。" in [d["message"] for d in report]  # \\uXXXX escapes are JSON's own
        assert {d["path"] for d in report} == {"a😀.txt"}


def test_an_ascii_stderr_is_no_traceback(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"), PYTHONIOENCODING="ascii")
    (tmp_path / "下書き.txt").write_text("ご確認ください。", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "replylint", "--no-config", "--select", "存在しない", "下書き.txt"], cwd=tmp_path, capture_output=True, timeout=60, env=env)
    err = proc.stderr.decode("ascii")
    assert proc.returncode == 2 and "Traceback" not in err and "unknown rule" in err, err[-2000:]


def test_columns_zero_still_prints_the_pretty_report(tmp_path: Path) -> None:
    """COLUMNS=0 (a CI runner without a terminal size): the pretty report was empty, exit 1, no
    message at all — the problems were found but never shown."""
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"), COLUMNS="0")
    proc = subprocess.run([sys.executable, "-m", "replylint", "--no-config", "-f", "pretty", "a.txt"], cwd=tmp_path, capture_output=True, timeout=60, env=env)
    assert proc.returncode == 1 and "notation" in proc.stdout.decode() and "Found 2 problems" in proc.stdout.decode()


# --- the Python API with odd arguments --------------------------------------------------------


@pytest.mark.parametrize("field", ["packs", "rule_dirs", "select", "ignore"])
def test_settings_refuse_a_string_where_a_list_is_meant(field: str) -> None:
    """Settings(select="notation") was read letter by letter: "unknown rule or pack 'n'"."""
    from replylint import Settings

    with pytest.raises(TypeError, match=field):
        Settings(**{field: "notation"})


def test_load_rules_refuses_what_is_not_settings() -> None:
    """load_rules({"select": [...]}) raised AttributeError: 'dict' object has no attribute 'packs'."""
    from replylint import load_rules

    with pytest.raises(TypeError, match="Settings"):
        load_rules({"select": ["notation"]})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"text": None}, {"text": b"abc"}, {"text": "abc", "inquiry": 5}, {"text": "abc", "inquiry": b"abc"}, {"text": "abc", "rules": "notation"}, {"text": "abc", "rules": [1]}],
    ids=["text-none", "text-bytes", "inquiry-int", "inquiry-bytes", "rules-str", "rules-ints"],
)
def test_lint_refuses_odd_arguments_with_a_clear_type_error(kwargs: dict) -> None:  # type: ignore[type-arg]
    """lint(None) failed deep inside (segments.py: object of type 'NoneType' has no len()),
    lint(b"...") in masks.py, inquiry=5 and rules="notation" with AttributeError in a kind or the engine."""
    import replylint

    text = kwargs.pop("text")
    with pytest.raises(TypeError, match=r"lint\(\): `(text|inquiry|rules)`"):
        replylint.lint(text, **kwargs)


# --- cache files replaced by what never ends ------------------------------------------------


def _replace_with(path: Path, what: str) -> None:
    path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_a_results_cache_that_never_ends_is_a_miss(tmp_path: Path, what: str) -> None:
    """The results cache was read with read_bytes(): a FIFO in its place blocked the run for
    ever, a symlink to /dev/zero read until memory ran out (MemoryError traceback)."""
    (tmp_path / ".replylint.yaml").write_text("select: [notation]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    _limited_cli("--cache", "a.txt", cwd=tmp_path)
    (cache_file,) = (tmp_path / ".replylint_cache").glob("*.json")
    _replace_with(cache_file, what)
    code, out, _ = _limited_cli("--cache", "a.txt", cwd=tmp_path, timeout=30)
    assert code == 0 and "notation" in out


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_a_rule_file_cache_entry_that_never_ends_is_a_miss(tmp_path: Path, what: str) -> None:
    """The per-user cache of parsed rule files (yamlcache) had the same read_bytes()."""
    from replylint.yamlcache import FORMAT, cached_parse
    from replylint.yamlfile import LineDict

    raw = b"id: x\n"
    assert cached_parse(raw, lambda: LineDict(id="x"), tmp_path) == {"id": "x"}
    (entry,) = (tmp_path / FORMAT).glob("*.json")
    _replace_with(entry, what)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    code = f"from pathlib import Path; from replylint.yamlcache import cached_parse; print(dict(cached_parse({raw!r}, lambda: {{'id': 'y'}}, Path({str(tmp_path)!r}))))"

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, env=env, preexec_fn=cap)
    assert proc.returncode == 0 and proc.stdout.decode().strip() == "{'id': 'y'}", proc.stderr.decode()[-2000:]


def test_an_oversized_gitignore_is_not_read_whole(tmp_path: Path) -> None:
    """A .gitignore of gigabytes (sparse) was read whole while walking a folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    with (tmp_path / ".gitignore").open("wb") as f:
        f.write(b"b.txt\n")
        f.truncate(4 << 30)
    code, out, err = _limited_cli("--no-config", "--no-cache", ".", cwd=tmp_path, timeout=30)
    assert code == 1 and "a.txt:1:" in out, err


@pytest.mark.parametrize(
    ("options", "needle"),
    [("{sentence-length: {line-width: 0}}", "line-width"), ("{request-reason: {before: -3}}", "before"), ("{max-commas: {max: 1.5}}", "max")],
)
def test_a_bad_option_value_in_a_config_names_the_config(tmp_path: Path, options: str, needle: str) -> None:
    """A value of the right type that the rule's kind refuses (line-width 0, before -3) was
    reported against the built-in rule file (…/rules/support/sentence-length.yml), which the
    user never wrote, and not against the config line that set it."""
    (tmp_path / ".replylint.yaml").write_text(f"select: [support, general]\noptions: {options}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--no-cache", "a.txt", cwd=tmp_path)
    assert code == 2 and ".replylint.yaml:2: options." in err and needle in err and "rules/" not in err, err


# --- `replylint test` on rules whose examples are odd -----------------------------------------

_METRIC_RULE = _RULE_HEAD.replace("examples:\n  invalid: [b]\n  valid: [c]\n", "") + "metric: display-lines\nexamples:\n  valid: [c]\n  invalid:\n    - {example}\n"


@pytest.mark.parametrize(
    ("example", "needle"),
    [
        ('{text: "あ", options: 5}', "options"),
        ('{text: "あ", options: {nope: 1}}', "nope"),
        ('{text: "あ", options: {line-width: "x"}}', "line-width"),
        ('{text: "あ", inquiry: 5}', "inquiry"),
        ('{text: "あ", match: [x]}', "match"),
        ('{text: "あ", output: 5}', "output"),
    ],
    ids=["options-int", "options-unknown", "options-wrong-type", "inquiry-int", "match-list", "output-int"],
)
def test_an_example_field_of_the_wrong_type_is_a_rule_error(tmp_path: Path, example: str, needle: str) -> None:
    """These loaded, then `replylint test` died with a TypeError traceback (or ran the example
    with an option its kind does not have)."""
    from replylint.rules import RuleError, load_rule

    path = tmp_path / "odd.yml"
    path.write_text(_METRIC_RULE.format(id="odd", kind="metric", example=example), encoding="utf-8")
    with pytest.raises(RuleError, match=rf"examples\.invalid\[0\]\.?.*{needle}"):
        load_rule(path)


def test_an_example_option_value_the_kind_refuses_is_a_failure_not_a_traceback(tmp_path: Path) -> None:
    """`options: {line-width: 0}` on an example: the kind refuses it when the example runs, and
    `replylint test` died with a RuleError traceback."""
    path = tmp_path / "odd.yml"
    path.write_text(_METRIC_RULE.format(id="odd", kind="metric", example='{text: "あ", options: {line-width: 0}}'), encoding="utf-8")
    code, out, err = cli("test", str(path))
    assert code == 1 and "line-width" in out and "1 failed" in out, (out, err)


def test_a_huge_min_interval_cannot_hang_a_run(tmp_path: Path) -> None:
    """repetition looped `for d in range(1, min_interval + 1)`: min-interval 10**30 never ended."""
    (tmp_path / ".replylint.yaml").write_text("select: [doubled-particle]\noptions: {doubled-particle: {min-interval: 1000000000000000000000000000000}}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("材料不足で代替素材で製品を作った。\n", encoding="utf-8")
    code, out, err = cli("--no-cache", "a.txt", cwd=tmp_path, timeout=30)
    assert code in (0, 1) and "doubled-particle" in out, (out, err)


def test_a_large_min_interval_on_a_large_draft_stays_fast(tmp_path: Path) -> None:
    """min-interval 100,000 on a 400 KB draft took minutes: the whole draft's keys were compared
    at every distance up to it, though two reported items lie in one sentence."""
    (tmp_path / ".replylint.yaml").write_text("select: [doubled-particle, successive-word]\noptions: {doubled-particle: {min-interval: 100000}, successive-word: {min-interval: 100000}}\n", encoding="utf-8")
    words = ["材料", "で", "を", "の", "が", "製品", "作った", "と", "に", "も"]
    (tmp_path / "a.txt").write_text("".join("".join(words[(i * 7 + j * 3) % 10] for j in range(30)) + "。\n" for i in range(3000)), encoding="utf-8")
    t0 = time.perf_counter()
    code, out, err = cli("--no-cache", "a.txt", cwd=tmp_path, timeout=60)
    assert code in (0, 1) and "doubled-particle" in out, err
    assert time.perf_counter() - t0 < 20


# --- Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("block", ["<script>\nalert('ご確認下さい。');\n</script>", "<style>/* ご確認下さい。 */</style>", "<SCRIPT type=x>ご確認下さい。</SCRIPT>"])
def test_script_and_style_in_markdown_are_not_prose(tmp_path: Path, block: str) -> None:
    """HTML files skipped <script> and <style> contents, Markdown files did not: --fix rewrote
    the code inside them (a Markdown file's raw HTML block is HTML)."""
    from replylint.markdown import markdown_prose

    text = f"本文です。\n\n{block}\n\n本文です。\n"
    assert "下さい" not in markdown_prose(text).text
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    code, out, err = cli("--no-config", "--diff", "a.md", cwd=tmp_path)
    assert code == 0 and out == "", (out, err)


@pytest.mark.skipif(subprocess.run(["which", "patch"], capture_output=True).returncode != 0, reason="no patch(1)")
@pytest.mark.parametrize("name", ["a\nb.txt", "tab\there.txt", 'q"uote.txt', "back\\slash.txt"])
def test_diff_headers_quote_odd_file_names(tmp_path: Path, name: str) -> None:
    """A file name with a newline broke the `---`/`+++` header across lines (patch could not
    apply it, and a crafted name could forge diff lines): such names are C-quoted, as git does."""
    (tmp_path / name).write_text("ご確認下さい。\n", encoding="utf-8")
    code, out, _ = cli("--no-config", "--diff", name, cwd=tmp_path)
    assert code == 1 and out.count("\n") == 5, out
    (tmp_path / "p.diff").write_text(out, encoding="utf-8")
    subprocess.run(["patch", "-s", "-p0", "-i", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / name).read_text(encoding="utf-8") == "ご確認ください。\n"


def test_init_does_not_write_through_a_dangling_symlink(tmp_path: Path) -> None:
    """`init` promises never to overwrite; Path.exists() is False for a dangling symlink, and
    write_text then created the file at the symlink's target, wherever it points."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".replylint.yaml").symlink_to(tmp_path / "elsewhere" / "target.yaml")
    code, _, err = cli("init", cwd=tmp_path)
    assert code == 2 and "exists" in err
    assert not (tmp_path / "elsewhere" / "target.yaml").exists()


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_fix_target_swapped_for_what_never_ends_is_not_written(tmp_path: Path, what: str) -> None:
    """--fix re-reads the file before replacing it (to refuse a file changed meanwhile) with
    read_bytes(): a FIFO swapped in blocked for ever, a symlink to /dev/zero exhausted memory."""
    path = tmp_path / "a.txt"
    path.write_text("ご確認下さい。", encoding="utf-8")
    code = (
        "import os, sys\n"
        "from replylint.source import read_source\n"
        "from replylint.fixes import FixWriteError, write_fixed\n"
        f"path = {str(path)!r}\n"
        "source = read_source(path)\n"
        "os.unlink(path)\n"
        + ("os.mkfifo(path)\n" if what == "fifo" else "os.symlink('/dev/zero', path)\n")
        + "try:\n    write_fixed(source, 'ご確認ください。')\nexcept FixWriteError as exc:\n    print('refused:', exc)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, env=env, preexec_fn=cap)
    assert proc.returncode == 0 and "refused:" in proc.stdout.decode(), proc.stderr.decode()[-2000:]
    assert os.path.islink(path) if what == "dev-zero" else stat_is_fifo(path)


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.lstat(path).st_mode)


@pytest.mark.parametrize(
    "config",
    ['templates: ["[z-a]"]', 'exclude: ["[z-a]"]', 'include: ["[z-a]", "*.txt"]', 'per-file-ignores: {"[z-a]": [notation]}', 'collections: {"[z-a]": body}'],
    ids=["templates", "exclude", "include", "per-file-ignores", "collections"],
)
def test_a_bad_glob_in_a_config_is_a_config_error(tmp_path: Path, config: str) -> None:
    """A glob with a reversed character range was compiled only when first matched: an re.error
    traceback (or an 'internal error' for every file). Now refused at load, naming the key."""
    (tmp_path / ".replylint.yaml").write_text(config + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    code, _, err = cli("--no-cache", ".", cwd=tmp_path)
    key = config.split(":")[0]
    assert code == 2 and f".replylint.yaml:1: {key}" in err and "[z-a]" in err and "internal error" not in err, err


def test_a_gitignore_line_pathspec_cannot_compile_is_skipped(tmp_path: Path) -> None:
    """`[z-a]` in a .gitignore was an re.error traceback while walking the folder; git itself
    skips a pattern it cannot use, and so does replylint (the other lines still apply)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("[z-a]\nb.txt\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("ご確認下さい。", encoding="utf-8")
    code, out, err = cli("--no-config", "--no-cache", ".", cwd=tmp_path)
    assert code == 1 and "a.txt:1:" in out and "b.txt" not in out, (out, err)


# --- the results cache must not touch files that are not its own --------------------------------


def test_a_cache_folder_symlinked_elsewhere_is_not_written_nor_pruned(tmp_path: Path) -> None:
    """A checkout whose `.replylint_cache` is a symlink to another folder (a hostile repository,
    or a mistake) had replylint write README and entries there and delete every *.json of that
    folder but the 8 newest: the user's files."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for k in range(12):
        (elsewhere / f"data{k}.json").write_text("{}", encoding="utf-8")
        os.utime(elsewhere / f"data{k}.json", (1_000_000 + k, 1_000_000 + k))
    project = tmp_path / "project"
    project.mkdir()
    (project / ".replylint.yaml").write_text("select: [notation]\n", encoding="utf-8")
    (project / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    (project / ".replylint_cache").symlink_to(elsewhere)
    code, out, _ = cli("--cache", "a.txt", cwd=project)
    assert code == 0 and "notation" in out
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(f"data{k}.json" for k in range(12))


def test_the_cache_readme_is_not_written_through_a_symlink(tmp_path: Path) -> None:
    """`.replylint_cache/README` as a dangling symlink (committed to a checkout) made replylint
    create the file it points at, anywhere."""
    (tmp_path / ".replylint.yaml").write_text("select: [notation]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認下さい。", encoding="utf-8")
    (tmp_path / ".replylint_cache").mkdir()
    (tmp_path / ".replylint_cache" / "README").symlink_to(tmp_path / "planted")
    code, out, _ = cli("--cache", "a.txt", cwd=tmp_path)
    assert code == 0 and "notation" in out
    assert not (tmp_path / "planted").exists()
    assert list((tmp_path / ".replylint_cache").glob("*.json"))  # the cache itself still works


def test_pretty_output_does_not_pass_a_drafts_terminal_escapes_through(tmp_path: Path) -> None:
    """The pretty format quotes the draft's line under each problem as it is: a draft holding
    ESC ] 0 ; … BEL (set the window title) or OSC 52 (write the clipboard) drove the reader's
    terminal. Control characters other than tab should be shown escaped (e.g. \\x1b or ␛)."""
    (tmp_path / "a.txt").write_bytes("ご確認\x1b]0;pwned\x07\x1b[31m下さい。\n".encode())
    code, out, _ = cli("--no-config", "-f", "pretty", "a.txt", cwd=tmp_path)
    assert code == 1 and "request-reason" in out
    assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in out), repr(out)


@pytest.mark.parametrize("command", [("--config", "{long}", "a.txt"), ("test", "{long}")], ids=["config", "test"])
def test_a_path_too_long_is_named_not_blamed_on_the_output(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Path.is_file()/is_dir() raise ENAMETOOLONG; it reached the CLI's last-resort handler,
    which said 'cannot write the output: File name too long'."""
    (tmp_path / "a.txt").write_text("ご確認ください。", encoding="utf-8")
    long = "x" * 5000
    code, _, err = cli(*(a.format(long=long) for a in command), cwd=tmp_path)
    assert code == 2 and "File name too long" in err and "cannot write the output" not in err, err[-300:]


@pytest.mark.parametrize("width", [".inf", ".nan"])
def test_a_placeholder_width_that_is_not_finite_is_a_config_error(tmp_path: Path, width: str) -> None:
    """`width: .inf` or `.nan` passed the `width < 0` check, then every draft holding such a
    placeholder was an 'internal error while linting' (OverflowError, ValueError in ceil)."""
    (tmp_path / ".replylint.yaml").write_text(f'placeholders: [{{pattern: "<<[a-z]+>>", width: {width}}}]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("<<name>>様、ご確認ください。\n", encoding="utf-8")
    code, _, err = cli("--no-cache", "a.txt", cwd=tmp_path)
    assert code == 2 and ".replylint.yaml:1: placeholders" in err and "width" in err and "internal error" not in err, err


def test_an_infinite_max_lines_means_no_limit(tmp_path: Path) -> None:
    """`max-lines: .inf` (no limit) raised OverflowError in math.floor while the rule was built:
    an 'internal error while linting' for every file."""
    (tmp_path / ".replylint.yaml").write_text("select: [sentence-length]\noptions: {sentence-length: {max-lines: .inf}}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("ご確認ください。" * 200 + "\n", encoding="utf-8")
    code, out, err = cli("--no-cache", "a.txt", cwd=tmp_path)
    assert code == 0 and "internal error" not in err and "sentence-length" not in out, (out, err)
