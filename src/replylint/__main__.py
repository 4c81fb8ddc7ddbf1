"""`python -m replylint`, and the `replylint` command's entry point."""

import gc


def main() -> None:
    # As mypy does: start-up allocates some 100k objects that live as long as the process
    # (modules, compiled rules), and collecting among them is wasted work (~6 ms of ~120 ms).
    # Linting itself makes no cyclic garbage (tests/test_reliability.py), so a high first
    # threshold costs no memory; cycles are still collected, only less often.
    gc.set_threshold(200_000, 30, 30)
    from .cli import main as cli

    cli()


if __name__ == "__main__":
    main()
