from __future__ import annotations

from replylint.width import cells, page_columns


def test_page_columns_full_and_half_width() -> None:
    assert page_columns("お願い") == 3
    assert page_columns("ID") == 1
    assert page_columns("Web") == 1.5
    assert page_columns("ｶﾀｶﾅ") == 2  # half-width katakana is half a column
    assert page_columns("①○…") == 3  # ambiguous width is full width on a Japanese page


def test_terminal_cells() -> None:
    assert cells("ログ") == 4
    assert cells("ID") == 2
    assert cells("😊") == 2
    assert cells("が\u3099") == 2  # a combining mark takes no cell
