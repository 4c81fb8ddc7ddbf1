"""`pattern`: a form that should not appear. Fires on every match in the draft's own sentences.

A pattern entry may carry `fix` (see fixspec): the reported span is then replaced by the rewrite of
its text. It may also carry `allows`: matches whose text contains one of these strings (or matches
a `/regex/`) are not reported. The `pattern-options` option tunes entries by their `id`, as
textlint's dictOptions do: `{id: {disabled: true}}` switches one off, `{id: {allows: [...]}}`
replaces its allow-list. Regex matches touching a URL, mail address or placeholder are never reported (token
patterns see each of these as one token, so they match one only when they ask for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..diagnostics import Fix
from ..masks import Mask
from ..patterns import Match, Pattern, Patterns, Regex, candidates, compile_patterns
from . import Context, Finding, KindError, get_scope, scoped
from .fixspec import FixSpec, compile_fix

KEYS = {"patterns": True, "exceptions": False, "scope": False}
OPTIONS: dict[str, Any] = {"pattern-options": {}}
SLOTS: tuple[str, ...] = ("match", "fixed")  # what its findings fill in a message or hint


Allow = Callable[[str], bool]


@dataclass(frozen=True)
class PatternCheck:
    """The compiled `pattern` kind: forms that should not appear, with fixes and allow-lists."""

    patterns: Patterns
    fixes: tuple[FixSpec | None, ...]
    allows: tuple[Allow | None, ...]
    exceptions: tuple[Pattern, ...]
    scope: str
    needs_inquiry: bool = False

    def run(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.draft
        patterns = self.patterns.live(doc)  # those the draft has the lemmas and spellings for
        text = doc.text
        masks = doc.masks
        if masks and any(p.regex is not None for p in patterns):
            patterns = _outside_masks(patterns, text, masks)
        if not patterns:
            return
        exceptions = self.exceptions.live(doc) if isinstance(self.exceptions, Patterns) else self.exceptions
        for _, sentence in candidates(patterns, scoped(doc, self.scope), doc.lemmas):
            picked = patterns.possible_at(sentence)
            if not picked:
                continue
            excluded: list[Match] | None = None  # looked for once something matched
            local: Sequence[Mask] | None = None
            seen: set[tuple[int, int]] = set()  # two entries matching the same span report it once
            for k in picked:
                pattern = patterns[k]
                entry = patterns.origin[k]
                fix, allowed = self.fixes[entry], self.allows[entry]
                for m in pattern.matches(sentence):
                    if excluded is None:
                        excluded = [x for p in exceptions for x in p.finditer(sentence)] if exceptions else []
                    if any(m.overlaps(x) for x in excluded):
                        continue
                    if pattern.regex is not None:
                        if local is None:
                            local = doc.mask_index.overlapping(sentence.start, sentence.end)
                        if any(x.start < m.end and m.start < x.end for x in local):
                            continue  # a regex sees raw text; token patterns see a mask as one token and must ask for it
                    matched = text[m.start : m.end]
                    if (allowed is not None and allowed(matched)) or (m.start, m.end) in seen:
                        continue
                    seen.add((m.start, m.end))
                    args: dict[str, Any] = {"match": matched}
                    repair = None
                    if fix is not None:
                        fixed = fix.apply(matched)
                        args["fixed"] = fixed
                        if fixed != matched:
                            repair = Fix(m.start, m.end, fixed)
                    yield Finding(m.start, m.end, args, repair)


def _outside_masks(patterns: Patterns, text: str, masks: tuple[Mask, ...]) -> Patterns:
    """Drop the regex patterns whose required character (their probe) the draft has only inside
    URLs, mail addresses and placeholders: a regex match touching one is never reported."""
    gaps: list[str] = []
    at = 0
    for m in sorted(masks, key=lambda m: m.start):
        gaps.append(text[at : m.start])
        at = max(at, m.end)
    gaps.append(text[at:])
    unmasked = "\n".join(gaps)
    keep = tuple(k for k, p in enumerate(patterns) if p.regex is None or all(probe.search(unmasked) for _, _, probe in p._needs))
    return patterns.subset(keep)


def _allow_test(values: Any, where: str) -> Allow | None:
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise KindError(where, "expected a list of strings (a plain string is found anywhere in the match; /regex/ is searched)")
    plain = [v for v in values if not (len(v) > 2 and v.startswith("/") and v.endswith("/"))]
    regexes = [Regex(v[1:-1], where) for v in values if len(v) > 2 and v.startswith("/") and v.endswith("/")]  # time-limited: a match may be a long line
    if not values:
        return None
    return lambda m: any(p in m for p in plain) or any(r.search(m) for r in regexes)


def _entries(specs: Any, tuning: Mapping[str, Any]) -> tuple[list[Any], list[FixSpec | None], list[Allow | None]]:
    """Take each entry's `fix` and `allows` out before the pattern language sees it; drop disabled entries."""
    if not isinstance(specs, list):
        return specs, [], []
    plain: list[Any] = []
    fixes: list[FixSpec | None] = []
    allows: list[Allow | None] = []
    for k, s in enumerate(specs):
        entry_id = s.get("id") if isinstance(s, dict) else None
        if entry_id is not None and not (isinstance(entry_id, str) and entry_id):
            raise KindError(f"patterns[{k}].id", "expected a non-empty string naming the entry")
        own = tuning.get(entry_id, {}) if entry_id else {}
        if own.get("disabled"):
            continue
        fix = allow = None
        if isinstance(s, dict):
            if "fix" in s:
                fix = compile_fix(s["fix"], f"patterns[{k}].fix")
            if "allows" in own:
                allow = _allow_test(own["allows"], f"options.pattern-options.{entry_id}.allows")
            elif "allows" in s:
                allow = _allow_test(s["allows"], f"patterns[{k}].allows")
            s = {key: v for key, v in s.items() if key not in ("fix", "allows")}
        plain.append(s)
        fixes.append(fix)
        allows.append(allow)
    return plain, fixes, allows


def _tuning(value: Any, specs: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise KindError("options.pattern-options", "expected a mapping of pattern ids to {disabled, allows}")
    ids = {s["id"] for s in specs if isinstance(s, dict) and isinstance(s.get("id"), str)} if isinstance(specs, list) else set()
    for key, body in value.items():
        if key not in ids:
            raise KindError("options.pattern-options", f"no pattern with id '{key}' (ids: {', '.join(sorted(i for i in ids if i)) or 'none'})")
        if not isinstance(body, dict) or set(body) - {"disabled", "allows"} or not isinstance(body.get("disabled", False), bool):
            raise KindError(f"options.pattern-options.{key}", "expected {disabled: true|false, allows: [...]}")
    return value


def build(spec: Mapping[str, Any], options: Mapping[str, Any]) -> PatternCheck:
    exceptions = compile_patterns(spec["exceptions"], "exceptions") if "exceptions" in spec else ()
    tuning = _tuning(options.get("pattern-options", {}), spec["patterns"])
    plain, fixes, allows = _entries(spec["patterns"], tuning)
    if isinstance(spec["patterns"], list) and spec["patterns"] and not plain:
        return PatternCheck(Patterns([]), (), (), exceptions, get_scope(spec))  # every entry disabled
    patterns = compile_patterns(plain, "patterns")
    return PatternCheck(patterns, tuple(fixes), tuple(allows), exceptions, get_scope(spec))
