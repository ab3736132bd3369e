"""`finditer`, faster, for patterns the regex engine cannot skip ahead for.

`scan` serves patterns that begin with a word boundary or a lookbehind;
`scan_near` patterns whose matches start near an anchor (money near a digit
or a currency sign). Both return exactly the matches of `finditer`.

Python's regex engine skips quickly to the places where a pattern's first
character can occur, but only when the pattern begins with that character
(or a set of them): a pattern that begins with `\\b` or `(?<!...)` is tried
at every position of the text, which costs 5-10x more on an article. `scan`
finds candidate places with a twin of the pattern that lacks those leading
assertions (it matches wherever the full pattern does, and the engine skips
ahead for it), then tries the full pattern there. The matches are exactly
those of `pattern.finditer(text)`.

`scan_near` tries a pattern only inside and just before the matches of a
cheap anchor pattern, where every match of it must start.

A pattern `scan` cannot speed up is searched as it is (an edit to a rule
may make it slower, never wrong); `scan_near` relies on its caller's
promise of where matches start, which the unit tests check for the money
patterns.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterator

# a leading `\b` or a lookbehind without nested groups, e.g. `(?<![$\d.,])`
_LEADING_ASSERTION = re.compile(r"\\b|\(\?<[!=](?:\\.|[^()\\])*\)")
_TWINS: dict[re.Pattern[str], re.Pattern[str]] = {}


def _twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """An alternation of the literal words every match begins with ("Last|last|This|this|..." for
    `\\b(?:[Ll]ast|[Tt]his ...)`), else the pattern without its leading zero-width assertions."""
    source, position = pattern.pattern, 0
    while (assertion := _LEADING_ASSERTION.match(source, position)) is not None:
        position = assertion.end()
    starts = _literal_starts(pattern)
    if starts:
        twin = re.compile(_trie(starts))
    elif position:
        twin = re.compile(source[position:], pattern.flags)
    else:
        twin = pattern  # nothing to leave out: `scan` is `finditer`
    _TWINS[pattern] = twin
    return twin


def _trie(words: set[str]) -> str:
    """One alternation of the words shaped as a trie (each branch fails on its first character)."""
    if "" in words:
        return ""  # a shorter word already begins the match
    heads: dict[str, set[str]] = {}
    for word in words:
        heads.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(head) + _trie(rest) for head, rest in sorted(heads.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_MOST_STARTS = 200


def _literal_starts(pattern: re.Pattern[str]) -> set[str] | None:
    """Literal strings one of which begins every match of a case-sensitive pattern, or None when unknown.

    Leading zero-width assertions are skipped; small character classes ("[Ll]") give one string per letter;
    an optional part gives the strings with it and without it. The strings stop where the pattern stops
    being literal."""
    if pattern.flags & re.IGNORECASE:
        return None
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    while items and items[0][0] in _ZERO_WIDTH:
        items = items[1:]
    starts, _ = _sequence_starts(items)
    if not starts or "" in starts or len(starts) > _MOST_STARTS:
        return None
    return starts


def _sequence_starts(items) -> tuple[set[str], bool]:
    """(the literal beginnings of a parsed sequence, whether each is the whole of what it matches)."""
    starts = {""}
    for index, (op, value) in enumerate(items):
        if len(starts) > _MOST_STARTS:
            return starts, False
        if op is sre_constants.LITERAL:
            starts = {start + chr(value) for start in starts}
        elif op is sre_constants.IN and len(value) <= 4 and all(kind is sre_constants.LITERAL for kind, _ in value):
            starts = {start + chr(char) for start in starts for _, char in value}
        elif op is sre_constants.SUBPATTERN and not value[1] and not value[2]:  # a group without flags of its own
            inner, whole = _sequence_starts(value[-1])
            starts = {start + rest for start in starts for rest in inner}
            if not whole:
                return starts, False
        elif op is sre_constants.BRANCH:
            found = [_sequence_starts(branch) for branch in value[1]]
            starts = {start + rest for start in starts for inner, _ in found for rest in inner}
            if not all(whole for _, whole in found):
                return starts, False
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] == 0:
            # optional: with it (once, then the rest, when it repeats at most once) or without it
            body = list(value[2]) + (list(items[index + 1:]) if value[1] == 1 else [])
            with_it, _ = _sequence_starts(body)
            without, _ = _sequence_starts(items[index + 1:])
            return {start + rest for start in starts for rest in with_it | without}, False
        else:
            return starts, False
    return starts, True


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`.

    The twin matches at every position where the pattern does (the pattern
    only adds zero-width conditions), so no match of the pattern starts
    before the twin's next match: trying the pattern there, and one
    character on when it fails, visits the same matches in the same order.
    (After an empty match `finditer` itself carries on, from the same place.)
    """
    twin = _TWINS.get(pattern) or _twin(pattern)
    position = 0
    while position <= len(text) and (candidate := twin.search(text, position)) is not None:
        match = pattern.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        if match.end() == match.start():
            yield from pattern.finditer(text, position)
            return
        yield match
        position = match.end()


def scan_near(pattern: re.Pattern[str], anchors: re.Pattern[str], reach: int, text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, for a pattern each match of which starts inside a match of
    `anchors` or at most `reach` characters before one (money starts at a digit or a currency sign, or a
    few letters before it: "US$", "Rs. 5", "EUR 5").

    Only the positions near an anchor are tried, in increasing order; every other position of the text
    cannot start a match, so the first success after the previous match is the one `finditer` returns.
    """
    position = 0  # where finditer would look next: no match starts before it
    for anchor in anchors.finditer(text):
        for at in range(max(position, anchor.start() - reach), anchor.end()):
            if at < position:
                continue  # inside the match just found
            match = pattern.match(text, at)
            if match is not None:
                if match.end() == match.start():
                    yield from pattern.finditer(text, position)  # an empty match: finditer, from the same place
                    return
                yield match
                position = match.end()
        position = max(position, anchor.end())


def required_words(items) -> frozenset[str] | None:
    """Lower-case strings one of which every match of a parsed pattern consumes (the most selective such set
    found), or None when unknown: one of them is in the lower-cased text wherever the pattern matches, case
    ignored or not (unless the text holds "ı", "ſ" or "İ", see `may_match`). What lookarounds see may lie
    outside the match: skipped."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run.append(chr(value).lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        if op is sre_constants.SUBPATTERN:  # ("(?-i:May)" too: its lower-case letters are in the lower-cased text)
            candidates.append(required_words(value[-1]))
        elif op is sre_constants.BRANCH:
            sets = [required_words(branch) for branch in value[1]]
            if all(sets):
                candidates.append(frozenset().union(*sets))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] >= 1:
            candidates.append(required_words(value[2]))
    found = [c for c in candidates if c]
    return max(found, key=lambda c: (min(map(len, c)), -len(c))) if found else None


def words_pattern(words) -> re.Pattern[str]:
    """One pattern finding any of these lower-case words (for `may_match`)."""
    return re.compile(_trie(set(words)))


def may_match(words: re.Pattern[str], text: str) -> bool:
    """False when no pattern whose matches consume one of the words of `words` (`words_pattern` of its
    `required_words`) can match in `text`. ("ı", "ſ" and "İ" match "i" and "s" when the case is ignored but do
    not lower-case to them: a text holding one may hold anything.)"""
    return words.search(text.lower()) is not None or not text.isascii() and any(c in text for c in "ıſİ")


Alternatives = tuple[tuple[re.Pattern[str], bool], ...]  # (alternative, whether `scan` serves it)


def alternatives(pattern: re.Pattern[str]) -> Alternatives:
    """The top-level alternatives of a pattern ("a|b(c|d)|e" -> a, b(c|d), e), each compiled with its flags.

    A text holds a match of the pattern exactly when it holds a match of one of them, and each alternative
    on its own can be skipped to by the engine (see `contains`), where the whole alternation cannot. A
    verbose pattern, or one whose parts do not compile on their own, is kept whole."""
    whole = ((pattern, False),)
    if pattern.flags & re.VERBOSE:
        return whole
    source, parts, depth, in_class, start, index = pattern.pattern, [], 0, False, 0, 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:  # a "]" right after "[" or "[^" is a literal
            in_class = char != "]" or source[class_start + 1:index] in ("", "^")
        elif char == "[":
            in_class, class_start = True, index
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    try:
        return tuple((re.compile(part, pattern.flags), bool(_LEADING_ASSERTION.match(part))) for part in parts)
    except re.error:
        return whole


def contains(split: Alternatives, text: str) -> bool:
    """Does `text` hold a match of the pattern split by `alternatives`? (= `bool(pattern.search(text))`)"""
    for alternative, scanned in split:
        if next(scan(alternative, text), None) is not None if scanned else alternative.search(text):
            return True
    return False
