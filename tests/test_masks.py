"""Masks: what find_masks finds, and MaskIndex answering exactly like a scan of the masks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.masks import EMAIL, PLACEHOLDER, URL, Mask, MaskIndex, find_masks


def test_urls_mails_and_placeholders_in_text_order() -> None:
    text = "{{name}}様、詳細は https://example.com/a?b=1。ご連絡は support@example.com まで。"
    assert [(text[m.start : m.end], m.kind) for m in find_masks(text)] == [
        ("{{name}}", PLACEHOLDER),
        ("https://example.com/a?b=1", URL),
        ("support@example.com", EMAIL),
    ]


def _scan_overlapping(masks: list[Mask], start: int, end: int) -> list[Mask]:
    return [m for m in masks if m.end > start and m.start < end]


def _scan_covers(masks: list[Mask], pos: int) -> bool:
    for m in masks:
        if m.start > pos:
            return False
        if pos < m.end:
            return True
    return False


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=8)


@given(_SPANS, st.booleans(), st.integers(-2, 80), st.integers(0, 20))
@settings(max_examples=400, deadline=None)
def test_index_answers_like_a_scan(spans: list[tuple[int, int]], ordered: bool, pos: int, width: int) -> None:
    masks = [Mask(s, s + n, URL) for s, n in spans]
    if ordered:  # what find_masks gives: sorted and never overlapping
        masks, last = [], -1
        for s, n in sorted(spans):
            if s >= last:
                masks.append(Mask(s, s + n, URL))
                last = s + n
    index = MaskIndex(masks)
    assert index.ordered or not ordered
    assert list(index.overlapping(pos, pos + width)) == _scan_overlapping(masks, pos, pos + width)
    assert index.covers(pos) == _scan_covers(masks, pos)


def test_index_of_real_masks_is_ordered() -> None:
    text = "https://a.example.com/x と https://b.example.com/y と {{x}} と a@b.co"
    index = MaskIndex(find_masks(text))
    assert index.ordered
    assert [text[m.start : m.end] for m in index.overlapping(0, 30)] == ["https://a.example.com/x", "https://b.example.com/y"]
    assert index.covers(0) and not index.covers(23)
