"""`python -m replylint`, and the `replylint` command's entry point."""

import gc
import sys


def _escape(exc: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: \\uXXXX for each character the stream cannot hold."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
        else:
            out.append(f"\\u{cp:04x}")
    return "".join(out), exc.end


def main() -> None:
    # As mypy does: start-up allocates some 100k objects that live as long as the process
    # (modules, compiled rules), and collecting among them is wasted work (~6 ms of ~120 ms).
    # Linting itself makes no cyclic garbage (tests/test_reliability.py), so a high first
    # threshold costs no memory; cycles are still collected, only less often.
    gc.set_threshold(200_000, 30, 30)
    # A stdout that cannot hold Japanese (PYTHONIOENCODING=ascii, a latin-1 locale) raised
    # UnicodeEncodeError at the first message: escape what it cannot hold as \uXXXX (surrogate
    # pairs beyond the BMP), which is JSON's and SARIF's own escape: the report still decodes exactly.
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure") and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        import codecs

        codecs.register_error("replylint-escape", _escape)
        sys.stdout.reconfigure(errors="replylint-escape")
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
