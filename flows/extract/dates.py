"""Date expressions in a sentence, resolved against the publication date.

`find_dates(sentence, published)` returns each date expression with its
resolved date and precision (day | month | year): explicit dates ("July 30",
"30 July 2025", "Aug. 6"), months ("in May", "late August"), years ("in
2019"), weekdays ("on Tuesday": the last such day on or before
publication), and relative phrases ("earlier this year", "last month",
"next year", "yesterday", "three days ago"). Dates introduced by "until",
"by", "from", "ahead of" bound a period rather than date an event and are
marked `is_bound`. Absurd years are ignored, never raised on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flows.extract.scan import scan  # finditer for patterns led by \b, faster

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}
BOUND_WORDS = frozenset({"until", "by", "from", "through", "till", "before", "starting", "deadline", "ahead of", "since",
                         "effective"})

_MON = r"(?P<mon>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")"
_PREP = ""  # the preposition is read from the text before the match (a leading optional group is slow)
_PREP_BEFORE = re.compile(r"(?:^|\W)(on|in|since|during|by|from|until|till|through|before|after|of|starting|ahead of|"
                          r"effective)\s+$",
                          re.I)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|before|through)\s+(?:the\s+)?(?:(?:end|middle|start|beginning|close)\s+of|"
                              r"(?:end|mid|early|late)-?)\s*(?:(?:the\s+)?(?:first|second|third|fourth)\s+(?:quarter|half)\s+of\s+)?$", re.I)
_MOD = r"(?:(?:the\s+)?(?P<mod>early|mid|late|end of|beginning of|start of|middle of)[\s-]+)?"
DAY_FIRST_MONTH = re.compile(
    r"\b" + _MON + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?")
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r"\b\.?(?:,?\s+(?P<year>\d{4})\b)?")
MONTH_ONLY = re.compile(r"\b" + _MON + r"\b\.?(?:,?\s+(?P<year>\d{4})\b)?(?!\s*\.?\s*\d)")
_MONTH_LEAD = re.compile(
    r"(?:^|\W)(?P<prep>in|since|during|by|from|until|till|through|before|after|of|starting|ahead of|at|to|effective)\s+"
    r"(?:(?:the\s+)?(?:early|mid|late|end of|beginning of|start of|middle of)[\s-]+)?$", re.I)
REL_MONTH = re.compile(r"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+" + _MON + r"\b(?!\s*\.?\s*\d)")
_YEAR_SHIFT = {"last": -1, "previous": -1, "this": 0, "next": 1}
_YEAR_AFTER = re.compile(r"\s+(?:of\s+)?(last|this|next|previous) year\b", re.I)
_REL_YEAR = re.compile(r"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious) year\b")
_MONTH_WORD_BEFORE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                                r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?\s+(?:of\s+)?$")


def _month_rel_years(sentence: str):
    """MONTH_REL_YEAR matches, found from the rarer "last/this/next year" phrase backwards (cheaper than
    trying every month name at every word)."""
    for phrase in scan(_REL_YEAR, sentence):
        if _MONTH_WORD_BEFORE.search(sentence, max(0, phrase.start() - 16), phrase.start()):
            match = MONTH_REL_YEAR.search(sentence, max(0, phrase.start() - 16), phrase.end())
            if match is not None:
                yield match


MONTH_REL_YEAR = re.compile(r"\b" + _MON + r"\b\.?\s+(?:of\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious) year\b")
YEAR = re.compile(r"(?<![$\d.,])\b(?P<year>\d{4})s?\b(?!\s*%|\s*percent|,\d|\.\d)")
WEEKDAY = re.compile(
    r"(?:(?:late|early)\s+(?:on\s+)?)?(?P<rel>last|next|this)?\s*"
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_WEEKDAY_NAME = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")


def _weekday_matches(sentence: str):
    """The matches of WEEKDAY, found from the weekday names (WEEKDAY's leading optional words make a scan of every
    position slow): each name's match is WEEKDAY's leftmost one in the 30 characters before it."""
    done = 0
    for name in scan(_WEEKDAY_NAME, sentence):
        if name.start() < done:
            continue
        match = WEEKDAY.search(sentence, max(done, name.start() - 30), name.end())
        if match is not None:
            done = match.end()
            yield match


RELATIVE = re.compile(
    r"\b(?=[YyTtLlNnEeAaWwHhMm])(?P<phrase>[Yy]esterday|[Tt]oday|[Tt]onight|(?:[Tt]his|[Ll]ast|[Nn]ext) week|(?:[Ee]arlier |[Ll]ater )?this month|"
    r"[Ll]ast month|[Nn]ext month|(?:[Ee]arlier |[Ll]ater )?this year|[Ll]ast year|[Nn]ext year|"
    r"[Tt]he (?:following|next|previous|same) day|[Tt]he day before|[Aa] day (?:earlier|later)|"
    r"(?:[Ee]arlier|[Ll]ater) in the day|(?:[Ee]arlier|[Ll]ater) that (?:same )?day|[Tt]hat (?:same )?day|"
    r"[Ww]ithin (?:minutes|hours)|(?:[Hh]ours|[Mm]inutes) (?:later|earlier)|"
    r"(?:[Ee]arlier |[Ll]ater )?[Tt]hat (?:same )?(?:evening|night|morning|afternoon)|"
    r"[Tt]he (?:following|next) (?:morning|evening|night|week)|[Tt]he (?:previous|preceding) (?:evening|night|week))\b")
_FUTURE_BEFORE = re.compile(r"\b(?:will|would|due to|set to|scheduled to|expected to|is to|are to|plans? to|intends? to|going to)\b[^,;.]*$", re.I)
_WHEN_AFTER = re.compile(r",?\s+when\b")
AGO = re.compile(r"\b(?P<unit>days?|weeks?|months?|years?) (?P<dir>ago|earlier|later)\b")
_AGO_NUMBER = re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence (offsets relative to it)."""

    start: int
    end: int
    text: str
    date: date | None  # None for anchor-relative phrases ("the next day") until resolved
    precision: str  # day | month | year
    is_future: bool = False
    is_bound: bool = False
    weak: bool = False  # a bare year used as a modifier ("the 2016 election")
    shift_days: int | None = None  # "the next day" = +1 from the article's last explicit date


def _prep(text: str, match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("prep"):
        return groups["prep"].lower()
    if re.match(r"\s+deadline\b", text[match.end():match.end() + 12]):
        return "deadline"
    if _DEADLINE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
        return "by"  # "by the end of 2028", "by end-2027", "by mid-2026": a deadline
    found = _PREP_BEFORE.search(text[max(0, match.start() - 24):match.start()])
    return found.group(1).lower() if found else ""


_HISTORY_PREPOSITIONS = frozenset({"in", "since", "during", "by", "from", "until", "before", "after", "of"})


def _safe(year: int, month: int, day: int = 1) -> date | None:
    try:
        return date(year, month, day) if 1800 <= year <= 2200 else None
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _past_year(published: date, month: int, day: int, explicit_year: str | None, bound: bool) -> int:
    if explicit_year:
        return int(explicit_year)
    candidate = _safe(published.year, month, min(day, 28))
    if candidate and candidate > published + timedelta(days=7) and not bound:
        return published.year - 1
    return published.year


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    """Every date expression in `sentence`, resolved against `published`."""
    if published is None:
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: date | None, precision: str, **flags) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        if value is None and flags.get("shift_days") is None:
            return
        taken.append((match.start(), match.end()))
        if flags.get("is_bound") and _WHEN_AFTER.match(sentence, match.end()):
            flags["is_bound"] = False  # "since July 12, when Trump wrote ...": the date of the when-clause
        is_future = value is not None and value > published + timedelta(days=1) if precision == "day" else (
            value is not None and (value.year, value.month if precision == "month" else 0)
            > (published.year, published.month if precision == "month" else 0))
        if flags.get("is_future") is None:
            flags["is_future"] = bool(is_future)
        found.append(DateMention(match.start(), match.end(), match.group(0), value, precision, **flags))

    for pattern in (DAY_FIRST_MONTH, DAY_MONTH):
        for match in scan(pattern, sentence):
            month = MONTHS[match.group("mon").lower()]
            if match.group("mon").lower() == "may" and not match.group("mon")[0].isupper():
                continue
            bound = _prep(sentence, match) in BOUND_WORDS
            year = _past_year(published, month, int(match.group("day")), match.group("year"), bound)
            named = None if match.group("year") else _YEAR_AFTER.match(sentence, match.end())
            if named:
                year = published.year + _YEAR_SHIFT[named.group(1).lower()]  # "on June 4 last year"
            add(match, _safe(year, month, int(match.group("day"))), "day", is_bound=bound)
            if named:
                taken.append((match.end(), named.end()))  # "last year" is part of this date
    for match in _month_rel_years(sentence):
        # "in June last year", "from October of last year", "in March next year"
        month = MONTHS[match.group("mon").lower()]
        if match.group("mon").lower() == "may" and not match.group("mon")[0].isupper():
            continue
        lead = _MONTH_LEAD.search(sentence[max(0, match.start() - 30):match.start()])
        bound = bool(lead) and lead.group("prep").lower() in BOUND_WORDS | {"to"}
        add(match, _safe(published.year + _YEAR_SHIFT[match.group("rel").lower()], month), "month", is_bound=bound)
    for match in scan(AGO, sentence):
        number = _AGO_NUMBER.search(sentence[max(0, match.start() - 12):match.start()])
        if not number:
            continue
        n = int(number.group("n")) if number.group("n").isdigit() else NUMBER_WORDS.get(number.group("n").lower(), 1)
        unit = match.group("unit").rstrip("s")
        if match.group("dir") == "ago":
            if unit == "day":
                add(match, published - timedelta(days=n), "day")
            elif unit == "week":
                add(match, published - timedelta(days=7 * n), "day")
            elif unit == "month":
                add(match, _add_months(published, -n), "month")
            else:
                add(match, _safe(published.year - n, 1), "year")
        elif unit in {"day", "week"}:
            # "a week later": from the date the paragraph last named
            days = n * (7 if unit == "week" else 1)
            add(match, None, "day", shift_days=days if match.group("dir") == "later" else -days)
    for match in scan(RELATIVE, sentence):
        phrase = match.group("phrase").lower()
        table = {
            "yesterday": (published - timedelta(days=1), "day"), "today": (published, "day"),
            "tonight": (published, "day"), "this week": (published, "day"),
            "last week": (published - timedelta(days=7), "day"), "next week": (published + timedelta(days=7), "day"),
            "earlier this month": (published.replace(day=1), "month"), "this month": (published.replace(day=1), "month"),
            "later this month": (published.replace(day=1), "month"),
            "last month": (_add_months(published, -1), "month"), "next month": (_add_months(published, 1), "month"),
            "earlier this year": (_safe(published.year, 1), "year"), "this year": (_safe(published.year, 1), "year"),
            "later this year": (_safe(published.year, 1), "year"),
            "last year": (_safe(published.year - 1, 1), "year"), "next year": (_safe(published.year + 1, 1), "year"),
        }
        shifts = {"the following day": 1, "the next day": 1, "a day later": 1, "the previous day": -1,
                  "a day earlier": -1, "the day before": -1, "the same day": 0,
                  # the day of the episode the article last dated ("Later that day", "Within hours")
                  "earlier in the day": 0, "later in the day": 0, "earlier that day": 0, "later that day": 0,
                  "earlier that same day": 0, "later that same day": 0, "that day": 0, "that same day": 0,
                  "within minutes": 0, "within hours": 0, "hours later": 0, "minutes later": 0,
                  "hours earlier": 0, "minutes earlier": 0, "the following morning": 1, "the next morning": 1,
                  "the following evening": 1, "the next evening": 1, "the following night": 1, "the next night": 1,
                  "the following week": 7, "the next week": 7, "the previous evening": -1, "the previous night": -1,
                  "the preceding evening": -1, "the preceding night": -1, "the previous week": -7,
                  "the preceding week": -7}
        for part in ("evening", "night", "morning", "afternoon"):
            for lead in ("that ", "that same ", "earlier that ", "later that ", "earlier that same ", "later that same "):
                shifts[lead + part] = 0
        if phrase in shifts:
            add(match, None, "day", shift_days=shifts[phrase])
        elif phrase in table:
            value, precision = table[phrase]
            add(match, value, precision, is_future=phrase in {"next week", "next month", "next year"} or None)
    for match in _weekday_matches(sentence):
        weekday = WEEKDAYS[match.group("wd").lower()]
        rel = (match.group("rel") or "").lower()
        back = (published.weekday() - weekday) % 7
        if not rel and _FUTURE_BEFORE.search(sentence[max(0, match.start() - 60):match.start()]):
            # "is due to arrive on Monday": the coming weekday
            ahead = (weekday - published.weekday()) % 7
            add(match, published + timedelta(days=ahead), "day", is_future=ahead > 0,
                is_bound=_prep(sentence, match) in BOUND_WORDS)
        elif rel == "next":
            add(match, published + timedelta(days=(weekday - published.weekday()) % 7 or 7), "day", is_future=True)
        else:
            if rel == "last" and back == 0:
                back = 7
            bound = _prep(sentence, match) in BOUND_WORDS
            add(match, published - timedelta(days=back), "day", is_bound=bound)
    for match in scan(REL_MONTH, sentence):
        month = MONTHS[match.group("mon").lower()]
        rel = match.group("rel").lower()
        if rel in {"last", "previous"}:
            year = published.year - 1  # "last October": the October of the year before
        elif rel == "this":
            year = published.year
        else:
            year = published.year + 1 if month <= published.month else published.year
        add(match, _safe(year, month), "month", is_bound=_prep(sentence, match) in BOUND_WORDS)
    for match in scan(MONTH_ONLY, sentence):
        month = MONTHS[match.group("mon").lower()]
        lead = _MONTH_LEAD.search(sentence[max(0, match.start() - 30):match.start()])
        if not lead:
            continue  # a bare month is a modifier ("their July trade framework"), not a date
        bound = lead.group("prep").lower() in BOUND_WORDS | {"to"}
        year = _past_year(published, month, 1, match.group("year"), bound)
        add(match, _safe(year, month), "month", is_bound=bound)
    for match in scan(YEAR, sentence):
        year = int(match.group("year"))
        if not 1800 <= year <= published.year + 30 or match.group(0).rstrip().endswith("s"):
            continue
        prep = _prep(sentence, match)
        if year < 1945 and prep not in _HISTORY_PREPOSITIONS:
            continue  # an old year only with its preposition ("in 1917", "since 1889"), not "1200 troops"
        add(match, _safe(year, 1), "year", is_bound=prep in BOUND_WORDS, weak=not prep)
    return sorted((f for f in found if f.date is not None or f.shift_days is not None), key=lambda d: d.start)
