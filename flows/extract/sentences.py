"""Sentence splitting with character offsets (regex, no model).

Each paragraph (line) is split at sentence-final punctuation that is followed
by a capital letter or an opening quote, except after known abbreviations
("U.S.", "Aug.", "Mr.") and single initials. Short lines without final
punctuation are headings and yield no sentences, except a headline on the
text's first line. A wire dateline ("TOKYO, Oct 28 (Reuters) -") is cut off
the first sentence; a headline that runs into it on one line is a sentence
of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    """u.s u.k u.n e.u u.a.e u.s.a mr mrs ms dr st jr sr prof gen col lt sen rep gov no vs
    jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd dept est approx p.m a.m""".split()
)

_BOUNDARY = re.compile(r"""[.!?]["'”’)]*\s+(?=["'“‘(]?[A-Z0-9])""")
_DATELINE = re.compile(
    r"^[A-Z][A-Z.' -]{1,40}(?:/[A-Z][A-Z.' -]{1,40})*(?:,\s*[A-Z][A-Za-z .]{1,30})?,\s+"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?\s*(?:\([^)]{2,60}\))?\s*[-–—]+\s*"
)
_INLINE_DATELINE = re.compile(r"(?<=[^.!?:;,\s])\s+[A-Z][A-Z.' -]{1,40}(?:/[A-Z][A-Z.' -]{1,40})*(?:,\s*[A-Z][A-Za-z .]{1,30})?,\s+"
                              r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?\s*(?:\([^)]{2,60}\))?\s*[-–—]+\s*")
_ABBREVIATED_LEAD = re.compile(r"\s+(?:U\.?S\.?|U\.?K\.?|EU|UN|UAE|NATO)\s")
MIN_HEADLINE_WORDS = 4
MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, offsets into the article text, and paragraph number."""

    text: str
    start: int
    end: int
    paragraph: int
    index: int


def _is_abbreviation(before: str) -> bool:
    # the last word of the line so far, as the regex `(\S+)$` finds it (a line holds no "\n"), read from the end
    # of the line instead of by a regex scan of the whole sentence
    if not before or before[-1].isspace():
        return False
    token = before.rsplit(None, 1)[-1].lstrip("(\"'“‘").lower()
    if token.endswith("."):
        token = token[:-1]
    if token in ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # an initial: "Donald J. Trump"


def _is_heading(line: str) -> bool:
    stripped = line.rstrip()
    return not stripped.endswith((".", "!", "?", '"', "”", "’", "'", ")")) and len(stripped.split()) <= MAX_HEADING_WORDS


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences with offsets; headings are left out, except a headline that opens the text
    (its first line, before any sentence), which states the article's main event."""
    sentences: list[Sentence] = []
    offset = 0
    seen_text = body_started = False
    for paragraph, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        first_line, seen_text = not seen_text, True
        if _is_heading(line):
            if first_line and len(line.split()) >= MIN_HEADLINE_WORDS:
                _append(sentences, line, line_start, 0, len(line.rstrip()), paragraph)
            continue
        start = 0
        if not body_started:
            body_started = True
            dateline = _DATELINE.match(line)
            if dateline:
                start = dateline.end()
            elif first_line:
                # "China bans gallium exports to US BEIJING, Dec 3 (Reuters) - China on Tuesday ...": a headline
                # without a full stop runs into the dateline of the first sentence
                inline = _INLINE_DATELINE.search(line)
                if inline:
                    cut = inline.start()
                    lead = _ABBREVIATED_LEAD.match(line, cut)  # "... exports to US BEIJING, Dec 3": "US" ends the headline
                    if lead:
                        cut = lead.end() - 1
                    if len(line[:cut].split()) >= MIN_HEADLINE_WORDS:
                        _append(sentences, line, line_start, 0, cut, paragraph)
                        start = inline.end()
        for match in _BOUNDARY.finditer(line, start):
            if match.group(0)[0] == "." and _is_abbreviation(line[start:match.start()]):
                continue
            end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
            _append(sentences, line, line_start, start, end, paragraph)
            start = match.end()
        _append(sentences, line, line_start, start, len(line.rstrip()), paragraph)
    return sentences


def _append(sentences: list[Sentence], line: str, line_start: int, start: int, end: int, paragraph: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    if end - start < 3:
        return
    sentences.append(Sentence(line[start:end], line_start + start, line_start + end, paragraph, len(sentences)))
