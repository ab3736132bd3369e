"""Event triggers and topic keywords, loaded once from `flows/data/`.

`TRIGGERS` is the ordered list of compiled trigger patterns read from
`triggers.toml` (earlier entries win on overlap); `TOPIC_PATTERNS` maps each
topic of the fixed vocabulary to one compiled keyword pattern from
`topics.csv`.
"""

from __future__ import annotations

import csv
import re
import re._constants as sre_constants
import re._parser as sre_parse
import tomllib
from dataclasses import dataclass

from flows.extract.gazetteer import DATA_DIR
from flows.extract.scan import alternatives, required_words

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PLACEHOLDERS = {
    "{W}": r"[^\s,;]+(?:,\d{3})*",  # one word; "5,000" is one word
    "{TARIFF}": r"(?:tariffs?|duties|duty|levy|levies|rates?)",
    # "$10bn", "C$2 billion", "£300m", and a currency named after the number ("10 billion yuan", "8.8 trillion yen")
    "{MONEY}": r"(?:(?:(?-i:US|NT|HK|NZ|[CASR])?\$|[€£¥₩])\s?\d[\d,.]*\s?(?:trillion|billion|million|bn|tn|mn|m|b)?"
               r"|\d[\d,.]*\s?(?:trillion|billion|million|bn|tn|mn)\s+(?:dollars|euros|yen|won|yuan|renminbi|pounds|"
               r"rupees|roubles|rubles|francs|zlotys?|kronor|kroner|krona|krone|lira|rand|riyals?|dirhams?|reais|shekels?|rupiah|ringgit|baht|dong|hryvnias?|forints?)\b)",
    # generic weapon nouns, then named systems ("Patriot batteries", "HIMARS", "F-16s", "Leopard 2 tanks")
    "{ARMS}": r"(?:missiles?|weapons|arms|fighter jets|jets|fighters|tanks|munitions|ammunition|drones|air.defen[cs]e (?:systems?|batteries|units)|howitzers|rockets|rocket launchers|launchers|warplanes|submarines?|frigates?|corvettes?|destroyers|warships?|helicopters|attack helicopters|armou?red vehicles|(?:infantry fighting|combat) vehicles|artillery (?:shells|rounds|systems|pieces)|artillery|shells|interceptors|cruise missiles|combat aircraft|fighter aircraft|military aircraft|air.defen[cs]e|"
              r"(?:Tomahawks?|HIMARS|ATACMS|NASAMS|IRIS-T(?: SLM)?|SAMP/T|Patriots|Javelins|Stingers|Harpoons|Storm Shadows?|Taurus|Gripens?|Rafales?|Eurofighters?|Leopards?|M1 Abrams tanks|Abrams tanks|Bradleys|Strykers|Apaches|Black Hawks|Reapers|Bayraktars?|F-\d{2}[A-Z]?s?|K2s?|K9s?|Patriot|Leopard 2s?|Caesar howitzers)"
              r"(?:\s+(?:(?:air.defen[cs]e|cruise|anti-ship|long-range|fighter|main battle|combat)\s+)?(?:systems?|batteries|missiles?|launchers|units|interceptors|jets|fighters|aircraft|tanks|howitzers|drones|helicopters|vehicles))?)",
}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a pattern that signals a PLOVER event."""

    event_type: str
    mode: str | None
    pattern: re.Pattern[str]
    priority: int
    needs_amount: bool = False
    prefixes: tuple[str, ...] | None = None  # lower-case words a match must start with (None: scan everywhere)
    subject_inside: bool = False  # an object relative ("the drills that Russia began"): the actor follows "that"


def _expand(pattern: str) -> str:
    for key, value in PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return pattern


def _leading_literals(items) -> set[str] | None:
    """The literal prefixes every match of a parsed pattern starts with, or None when unknown."""
    items = list(items)
    while items and items[0][0] in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):  # zero-width
        items = items[1:]
    if not items:
        return None
    op, arg = items[0]
    if op is sre_constants.SUBPATTERN:
        inner = _leading_literals(arg[-1])
        return inner
    if op is sre_constants.BRANCH:
        found: set[str] = set()
        for branch in arg[1]:
            prefixes = _leading_literals(branch)
            if prefixes is None:
                return None
            found |= prefixes
        return found
    if op is sre_constants.LITERAL:
        chars = []
        for op2, arg2 in items:
            if op2 is not sre_constants.LITERAL:
                break
            chars.append(chr(arg2))
        prefix = "".join(chars).lower()
        if len(prefix) < 2 and len(chars) < len(items) and items[len(chars)][0] in (sre_constants.SUBPATTERN,
                                                                                   sre_constants.BRANCH):
            # the parser factors a shared first letter out of "fund|financ": carry on into the branch
            rest = _leading_literals(items[len(chars):])
            return {prefix + r for r in rest} if rest and prefix[:1].isalpha() else None
        return {prefix} if len(prefix) >= 2 and prefix[0].isalpha() else None
    return None


def _prefixes(pattern: str) -> tuple[str, ...] | None:
    found = _leading_literals(sre_parse.parse(pattern, re.I))
    return tuple(sorted(found)) if found else None


def read_triggers() -> list[Trigger]:
    """Read and compile `triggers.toml`; an unknown event type is an error."""
    with (DATA_DIR / "triggers.toml").open("rb") as handle:
        entries = tomllib.load(handle)["trigger"]
    triggers = []
    for priority, entry in enumerate(entries):
        if entry["type"] not in PLOVER_TYPES:
            raise ValueError(f"triggers.toml entry {priority}: unknown PLOVER type {entry['type']!r}")
        expanded = _expand(entry["pattern"])
        triggers.append(Trigger(entry["type"], entry.get("mode"), re.compile(expanded, re.I),
                                priority, bool(entry.get("needs_amount", False)), _prefixes(expanded),
                                bool(entry.get("subject_inside", False))))
    return triggers


def read_topics() -> dict[str, re.Pattern[str]]:
    """Read `topics.csv` into {topic: keyword pattern}."""
    topics = {}
    with (DATA_DIR / "topics.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = [w.strip() for w in row["keywords"].split("|") if w.strip()]
            topics[row["topic"].strip()] = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)
    return topics


def _topic_keywords(patterns: dict[str, re.Pattern[str]]) -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """{topic: (single lower-case words, multi-word phrases)} from the topic patterns' keywords."""
    table = {}
    for topic, pattern in patterns.items():
        words = [re.sub(r"\\(.)", r"\1", w).lower() for w in pattern.pattern[len(r"\b(?:"):-len(r")\b")].split("|")]
        table[topic] = (frozenset(w for w in words if re.fullmatch(r"\w+", w)),
                        tuple(w for w in words if not re.fullmatch(r"\w+", w)))
    return table


_WORDS = re.compile(r"\w+")


def _topic_lookup(keywords: dict[str, tuple[frozenset[str], tuple[str, ...]]]):
    """For `topics_of`: {single word: indices of its topics}, and (topic index, phrase, compiled phrase pattern)."""
    by_word: dict[str, list[int]] = {}
    phrases = []
    for index, (singles, multi) in enumerate(keywords.values()):
        for word in singles:
            by_word.setdefault(word, []).append(index)
        phrases.extend((index, phrase, re.compile(r"\b" + re.escape(phrase) + r"\b")) for phrase in multi)
    return by_word, phrases


def topics_of(text: str) -> tuple[str, ...]:
    """The topics of the fixed vocabulary that `text` touches, in vocabulary order.

    (A topic is touched by one of its single words, or by one of its phrases on word edges; the words are looked
    up in one dict rather than intersected topic by topic.)"""
    lowered = text.lower()
    found: set[int] = set()
    for word in _TOPICS_BY_WORD.keys() & set(_WORDS.findall(lowered)):
        found.update(_TOPICS_BY_WORD[word])
    for index, phrase, pattern in _TOPIC_PHRASES:
        if index not in found and phrase in lowered and pattern.search(lowered):
            found.add(index)
    return tuple(_TOPIC_NAMES[index] for index in sorted(found))


TRIGGERS: list[Trigger] = read_triggers()
# first two letters of a word -> [(prefix, trigger)]: triggers are tried only where a word can start them
PREFIX_INDEX: dict[str, list[tuple[str, Trigger]]] = {}
for _trigger in TRIGGERS:
    for _prefix in _trigger.prefixes or ():
        PREFIX_INDEX.setdefault(_prefix[:2], []).append((_prefix, _trigger))


def _can_consume(items, char: str) -> bool:
    """Could a parsed pattern consume `char` (a character without case, ";")? True when unsure."""
    for op, value in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue  # zero-width
        if op is sre_constants.LITERAL:
            if chr(value) == char:
                return True
        elif op is sre_constants.NOT_LITERAL:
            if chr(value) != char:
                return True
        elif op is sre_constants.IN:
            if _set_holds(value, char) is not False:
                return True
        elif op is sre_constants.SUBPATTERN:
            if _can_consume(value[-1], char):
                return True
        elif op is sre_constants.BRANCH:
            if any(_can_consume(branch, char) for branch in value[1]):
                return True
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            if _can_consume(value[2], char):
                return True
        else:
            return True
    return False


_CATEGORY_PROBES = {sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_NOT_DIGIT: r"\D",
                    sre_constants.CATEGORY_SPACE: r"\s", sre_constants.CATEGORY_NOT_SPACE: r"\S",
                    sre_constants.CATEGORY_WORD: r"\w", sre_constants.CATEGORY_NOT_WORD: r"\W"}


def _set_holds(items, char: str) -> bool | None:
    """Does a parsed character set ("[^\\s,;]") hold `char`? None when unknown."""
    negate = held = False
    for op, value in items:
        if op is sre_constants.NEGATE:
            negate = True
        elif op is sre_constants.LITERAL:
            held = held or chr(value) == char
        elif op is sre_constants.RANGE:
            held = held or value[0] <= ord(char) <= value[1]
        elif op is sre_constants.CATEGORY and value in _CATEGORY_PROBES:
            held = held or bool(re.match(_CATEGORY_PROBES[value], char))
        else:
            return None
    return held != negate


def _has_gap(items) -> bool:
    """Does a parsed pattern hold a repeat of more than ten that can run over words ("[^;]{0,90}?")?"""
    for op, value in items:
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            if value[1] > 10 and _can_consume(value[2], "x") and _can_consume(value[2], " ") or _has_gap(value[2]):
                return True
        elif op is sre_constants.SUBPATTERN and _has_gap(value[-1]):
            return True
        elif op is sre_constants.BRANCH and any(_has_gap(branch) for branch in value[1]):
            return True
    return False


def _need(trigger: Trigger, prefix: str) -> re.Pattern[str] | None:
    """The words (lower-case, one pattern) one of which a match of `trigger` at a word starting with `prefix`
    consumes before the next ";" (the sentence barrier in `find_hits`'s text), for the alternatives of the
    pattern that can start there; None when unknown, or where looking would cost more than the match: the
    pattern could cross ";", or holds no repeat running over more than ten words or characters ("[^;]{0,90}?")."""
    parts = []
    for alternative, _ in alternatives(trigger.pattern):
        starts = _prefixes(alternative.pattern)
        if starts is None or any(start.startswith(prefix) or prefix.startswith(start) for start in starts):
            parts.append(sre_parse.parse(alternative.pattern, alternative.flags))
    if not parts or trigger.pattern.flags & re.VERBOSE:
        return None
    sets = [required_words(part) for part in parts]
    if not all(sets):
        return None
    words = frozenset().union(*sets)
    if min(map(len, words)) < 3 or any(prefix.startswith(word) for word in words):
        return None  # too common a word, or one the prefix already supplies
    if any(_can_consume(part, ";") for part in parts):
        return None  # the word may lie anywhere in the rest of the text: looking costs more than the match
    if not any(_has_gap(part) for part in parts):
        return None  # the match fails within a few words where it fails: looking costs more
    return re.compile(_trie_pattern(set(words)))


# the same, each prefix once with its triggers ("announc" leads several): `find_hits` tests a prefix once per word,
# and a trigger only where the rest of its sentence holds a word its match must contain (`_need`)
PREFIX_GROUPS: dict[str, list[tuple[str, list[tuple[Trigger, re.Pattern[str] | None]]]]] = {}


def _trie_pattern(words: set[str]) -> str:
    """One regex alternation shaped as a trie (each branch fails on its first letter)."""
    if "" in words and len(words) == 1:
        return ""
    heads: dict[str, set[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], set()).add(word[1:])
    branches = [re.escape(head) + _trie_pattern(rest) for head, rest in sorted(heads.items())]
    if "" in words:
        return ""  # a shorter prefix already suffices
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


for _key, _entries in PREFIX_INDEX.items():
    _by_prefix: dict[str, list[tuple[Trigger, re.Pattern[str] | None]]] = {}
    for _prefix, _trigger in _entries:
        _by_prefix.setdefault(_prefix, []).append((_trigger, _need(_trigger, _prefix)))
    PREFIX_GROUPS[_key] = list(_by_prefix.items())
# where a word can start some indexed trigger: the regex engine skips the other words
PREFIX_START: re.Pattern[str] = re.compile(r"\b(?=" + _trie_pattern({p for t in TRIGGERS for p in t.prefixes or ()}) + ")")
UNINDEXED_TRIGGERS: list[Trigger] = [t for t in TRIGGERS if not t.prefixes]
# where an amount of money can start: the unindexed triggers (all led by {MONEY}) are tried only there
# (`find_hits` scans for it only near digits and currency signs: a match starts at most 2 characters before one)
MONEY_START: re.Pattern[str] = re.compile(r"(?-i:US|NT|HK|NZ|[CASR])?[$€£¥₩]|(?<![\d.,])\d[\d,.]*\s?(?:tr|bi|mi|bn|tn|mn)", re.I)
MONEY_LED = all(t.pattern.pattern.startswith(PLACEHOLDERS["{MONEY}"]) for t in UNINDEXED_TRIGGERS)
TOPIC_PATTERNS: dict[str, re.Pattern[str]] = read_topics()
TOPIC_KEYWORDS = _topic_keywords(TOPIC_PATTERNS)
_TOPIC_NAMES = tuple(TOPIC_KEYWORDS)
_TOPICS_BY_WORD, _TOPIC_PHRASES = _topic_lookup(TOPIC_KEYWORDS)
