"""What looks like an event but is not: idioms, market moves, sport, drills, and domestic non-state actors.

Two data tables in `flows/data/` (see its README):

* `non_events.csv`: `phrase` rows are idioms blanked before triggers are
  looked for ("met with criticism" is no meeting, "strike a balance" no
  attack); `undated` rows are background clauses blanked when they carry no
  date ("since it began loosening a ban": a vague past, not an event; "since
  Washington raised tariffs in August" stays); `sentence` rows mark sentences that state no event between states
  (market moves, polls, sport); `exercise` rows are cues of drills and tests,
  in whose sentences attack verbs attack no one.
* `domestic_actors.csv`: people and bodies who act at home (unions,
  activists, opposition parties, courts, farmers, interest groups, fans):
  `find_domestic_actors` returns their spans, which `actors` turns into
  mentions of kind "domestic" with no code, so an event whose source they are
  is not coded as their country's act.

Every pattern is compiled once at import; a pattern that does not compile
stops the import with the file, line and error.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NON_EVENT_KINDS = frozenset({"phrase", "sentence", "exercise", "undated"})
# a date inside a clause keeps it: "since Washington raised tariffs to 50% in August" is a dated background event
_DATE_CUE = re.compile(r"\b(?:1[89]\d\d|20\d\d|January|February|March|April|May|June|July|August|September|October|"
                       r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|"
                       r"Thursday|Friday|Saturday|Sunday|yesterday|today|last|this|ago|earlier|week|month|year)\b")
# attack verbs that drills and tests use without a target
_EXERCISE_VERBS = re.compile(r"\b(?:fire[sd]?|firing|hit|hits|hitting|struck|strikes?|striking|attack(?:s|ed|ing)?|"
                             r"shot|shoot(?:s|ing)?|sank|sink(?:s|ing)?|sunk|bomb(?:s|ed|ing)?|"
                             r"destroy(?:s|ed|ing)?|shell(?:s|ed|ing)?)\b", re.I)


class RuleTableError(ValueError):
    """A row of a rule table is malformed: the message names the file, the line and the fix."""


def _read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise RuleTableError(f"{path}: missing column(s) {', '.join(missing)}; the header must be {','.join(columns)}")
        return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values())]


def _compile(path: Path, line: int, pattern: str, flags: int = 0) -> re.Pattern[str]:
    if not (pattern or "").strip():
        raise RuleTableError(f"{path} line {line}: empty pattern; write a regular expression or delete the row")
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise RuleTableError(f"{path} line {line}: pattern does not compile ({error}); fix the regular expression") from None


Rule = tuple[tuple[str, ...], re.Pattern[str]]  # (cues, pattern): the pattern runs only on text holding a cue


def _cues(value: str | None) -> tuple[str, ...]:
    return tuple(c for c in (value or "").lower().split("|") if c)


def read_non_events(path: Path = DATA_DIR / "non_events.csv") -> dict[str, list[Rule]]:
    """{kind: [(cues, compiled pattern)]} from the non-event table (case-insensitive patterns)."""
    table: dict[str, list[Rule]] = {kind: [] for kind in NON_EVENT_KINDS}
    for line, row in _read_table(path, ("kind", "pattern", "cue", "reason")):
        kind = (row["kind"] or "").strip()
        if kind not in NON_EVENT_KINDS:
            raise RuleTableError(f"{path} line {line}: kind {kind!r} is not one of {sorted(NON_EVENT_KINDS)}")
        table[kind].append((_cues(row["cue"]), _compile(path, line, row["pattern"], re.I)))
    return table


def read_domestic_actors(path: Path = DATA_DIR / "domestic_actors.csv") -> list[Rule]:
    """(cues, compiled pattern) of domestic non-state actors (`case` = any | exact)."""
    patterns = []
    for line, row in _read_table(path, ("case", "pattern", "cue", "reason")):
        case = (row["case"] or "").strip()
        if case not in {"any", "exact"}:
            raise RuleTableError(f"{path} line {line}: case {case!r} must be 'any' or 'exact'")
        patterns.append((_cues(row["cue"]), _compile(path, line, row["pattern"], re.I if case == "any" else 0)))
    return patterns


_BEFORE_CUE = 70  # how far a match may start before its cue
_AFTER_CUE = 160  # ... and end after it


CueFinder = tuple[re.Pattern[str], dict[str, tuple[str, ...]]]


def _longest_first_trie(words: set[str]) -> str:
    """One alternation of the words shaped as a trie that matches the longest word it can at a place."""
    heads: dict[str, set[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(head) + _longest_first_trie(rest) for head, rest in sorted(heads.items())]
    if not branches:
        return ""
    alternation = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + alternation + ")?" if "" in words else alternation


def _cue_finder(cues) -> CueFinder:
    """A pattern that finds the longest cue at a place, and for each cue the cues it begins with (the cues
    found at one place are the longest one there and its beginnings)."""
    cues = set(cues)
    return re.compile(_longest_first_trie(cues)), {cue: tuple(c for c in cues if cue.startswith(c)) for cue in cues}


def _cue_places(lowered: str, finder: CueFinder) -> dict[str, list[int]]:
    """Every place where each cue occurs in `lowered`, overlapping occurrences included, in one pass over the text
    (a `find` per cue cost more than the patterns themselves)."""
    pattern, beginnings = finder
    places: dict[str, list[int]] = {}
    position = 0
    while (found := pattern.search(lowered, position)) is not None:
        for cue in beginnings[found.group(0)]:
            places.setdefault(cue, []).append(found.start())
        position = found.start() + 1
    return places


def _matches(rules: list[Rule], text: str, places: dict[str, list[int]]) -> list[re.Match[str]]:
    """Every match of the rules in `text`, each pattern tried only in windows around its cues (a rule without
    cues scans the whole text). Every match of a rule contains one of its cues (see the data README).

    `places` are where each cue occurs in the lower-cased text (`_cue_places`); a cue's windows are at its
    occurrences that do not overlap the previous one taken, as repeated `str.find` calls would give them."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for cues, pattern in rules:
        if not cues:
            found.update((m.span(), m) for m in pattern.finditer(text))
            continue
        for cue in cues:
            free = 0  # the next occurrence taken starts here or later
            for at in places.get(cue, ()):
                if at < free:
                    continue
                lo, hi = max(0, at - _BEFORE_CUE), min(len(text), at + len(cue) + _AFTER_CUE)
                for match in pattern.finditer(text, lo, hi):
                    if match.start() <= at < match.end():
                        found.setdefault(match.span(), match)
                free = at + len(cue)
    return sorted(found.values(), key=lambda m: (m.start(), -m.end()))


NON_EVENTS = read_non_events()
DOMESTIC_ACTORS = read_domestic_actors()
_PHRASES = NON_EVENTS["phrase"]
_SENTENCES = NON_EVENTS["sentence"]
_EXERCISES = NON_EVENTS["exercise"]
_UNDATED = NON_EVENTS["undated"]
_NON_EVENT_CUES = _cue_finder(cue for rules in NON_EVENTS.values() for cues, _ in rules for cue in cues)
_DOMESTIC_CUES = _cue_finder(cue for cues, _ in DOMESTIC_ACTORS for cue in cues)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def mask_non_events(masked: str, spans: list[tuple[int, int]]) -> str:
    """Blank idioms, undated background clauses, whole sentences that state no event, and attack verbs in
    drill sentences.

    `masked` is the article text (quotes already blanked); `spans` are the
    (start, end) offsets of its sentences, in order. The result has the same
    length, so offsets stay valid.
    """
    places = _cue_places(masked.lower(), _NON_EVENT_CUES)
    blanks: list[tuple[int, int]] = [m.span() for m in _matches(_PHRASES, masked, places)]
    blanks.extend(m.span() for m in _matches(_UNDATED, masked, places) if not _DATE_CUE.search(m.group(0)))
    starts = [start for start, _ in spans]

    def sentences_of(rules: list[Rule]) -> set[int]:
        found = set()
        for match in _matches(rules, masked, places):
            index = bisect_right(starts, match.start()) - 1
            if index >= 0 and match.end() <= spans[index][1]:
                found.add(index)
        return found

    eventless = sentences_of(_SENTENCES)
    blanks.extend(spans[i] for i in eventless)
    for index in sentences_of(_EXERCISES) - eventless:
        blanks.extend(m.span() for m in _EXERCISE_VERBS.finditer(masked, *spans[index]))
    if not blanks:
        return masked
    chars = list(masked)
    for start, end in blanks:
        _blank(chars, start, end)
    return "".join(chars)


def find_domestic_actors(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each domestic non-state actor named in `text`, longest first where they overlap."""
    places = _cue_places(text.lower(), _DOMESTIC_CUES)
    found = [(m.start(), m.end(), m.group(0)) for m in _matches(DOMESTIC_ACTORS, text, places)]
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept
