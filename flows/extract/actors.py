"""Actor mentions: gazetteer look-up plus in-document resolution.

`find_mentions(text, sentences, published, title)` returns every actor
mention in the article, resolved to a code where the article allows it:

* gazetteer names, short names, demonyms, capitals used as metonyms,
  people (coded by the country they served on the publication date),
  companies and organisations;
* names the article itself teaches: "Japan's Prime Minister Sanae Takaichi",
  "Ryosei Akazawa, Japan's minister for ..." make "Akazawa" a JPN actor;
* "he"/"she" (the last named person; at sentence start, the previous
  sentence's first person), "the prime minister" (the last person holding
  that role), "the two leaders"/"both sides" (the article's main dyad).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate
from dataclasses import dataclass, replace
from datetime import date

from flows.extract.filters import find_domestic_actors
from flows.extract.gazetteer import SURFACES, find_surfaces, pick_entry
from flows.extract.scan import scan
from flows.extract.sentences import Sentence

_TITLE_HEAD = (
    r"(?:(?:Vice|Deputy|Prime|Foreign|Defen[cs]e|Finance|Trade|Commerce|Economy|Economic|Industry|Chief|Senior|"
    r"Acting|Interior|State|Treasury|Cabinet|Trade|Energy|Agriculture|Commerce|Defen[cs]e)\s+)*"
)
_TITLE_NOUN = (
    r"(?:President|Prime Minister|Premier|Chancellor|Minister|Secretary|Ambassador|Envoy|Commissioner|"
    r"Spokesman|Spokeswoman|Spokesperson|Governor|King|Queen|Emperor|Crown Prince|CEO|Chairman|Chairwoman|"
    r"Chief Executive|Negotiator|Representative|Consul General|Leader|Senator|General Secretary)"
)
_NAME = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?)(?:\s+(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?)){0,3}"
TITLED_NAME = re.compile(r"\b(?P<title>" + _TITLE_HEAD + _TITLE_NOUN + r")\s+(?P<name>" + _NAME + r")")
APPOSITIVE = re.compile(r"\b(?P<name>" + _NAME + r"),\s+(?:the\s+|a\s+)?$")
TITLE_WORDS = frozenset(
    """president prime minister premier chancellor secretary ambassador envoy commissioner spokesman spokeswoman
    spokesperson governor king queen emperor crown prince ceo chairman chairwoman chief executive negotiator
    representative consul general leader senator vice deputy foreign defence defense finance trade commerce
    economy economic industry senior acting interior state treasury cabinet new former then top late first
    female male commission european energy agriculture of the 's""".split()
)
GROUP = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Tt]he) (?:leaders|sides|countries|governments|nations|allies)\b|\b[Bb]oth (?:leaders|sides)\b"
)
ROLE_REFERENCE = re.compile(r"\bthe (?P<role>prime minister|president|chancellor|premier)\b")
MINISTRY = re.compile(r"\b(?:[Tt]he|[Aa]) (?:(?:foreign|defen[cs]e|commerce|trade|finance|economy|industry)\s+)?"
                      r"(?:ministry|ministry's)(?:\s+spokes(?:man|woman|person))?\b")
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")
# "the administration", "the alliance", "the company": a body named only by its kind stands for the last
# actor of that kind the article named (`_resolve_bodies`); "the government of X" names X itself
DEFINITE_BODY = re.compile(r"\b[Tt]he (?P<body>administration|government|cabinet|alliance|kingdom|company|firm|carmaker|automaker|"
                           r"chipmaker|shipbuilder|conglomerate)\b(?!\s+(?:of|in)\b)(?!-)")
BODY_KINDS = {"administration": "state", "government": "state", "cabinet": "state", "alliance": "alliance",
              "kingdom": "kingdom"}
ALLIANCE_CODES = frozenset({"NATO", "QUAD", "AUKUS", "GCC", "SCO", "CSTO"})
# states that news calls "the kingdom" ("In December the kingdom rolled over a deposit"): the monarchies
KINGDOM_CODES = frozenset({"SAU", "GBR", "JOR", "MAR", "BHR", "THA", "ESP", "NLD", "BEL", "NOR", "SWE", "DNK", "KHM",
                           "BTN", "LSO", "SWZ", "TON"})
BODY_WINDOW = 1500  # how far back the article may have named the body's actor
APPOSITIVE_TITLE = re.compile(
    r"(?:'s)?\s+(?:[a-z-]+\s+){0,3}?(?:minister|chief|consul|ambassador|envoy|president|spokes\w+|negotiator|"
    r"official|adviser|advisor|secretary|head|commissioner|governor|representative|diplomat)\b"
)
# kinds of mention that name no state: an event they act in is not coded as their country's
NON_STATE_KINDS = frozenset({"nonstate", "domestic"})
LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|via|into|around|across)\s+(?:the\s+)?$")
COMMON_WORDS = frozenset("The A An In On At For Of And But New Chief Prime Minister President Vice".split())


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in the article text."""

    start: int
    end: int
    text: str
    code: str | None
    name: str | None
    kind: str  # country | adjective | capital | person | company | org | group | pronoun | role | unknown | domestic
    role: str | None = None
    possessive: bool = False


def main_dyad(mentions: list[Mention], title_codes: list[str]) -> tuple[str, ...]:
    """The two codes the article is mostly about (title mentions count double)."""
    counts = Counter(m.code for m in mentions if m.code and m.kind not in {"group", "pronoun", "role", "city"})
    for code in title_codes:
        counts[code] += 2
    return tuple(code for code, _ in counts.most_common(2))


def partner_nearby(mentions: list[Mention], start: int, end: int, code: str, window: int = 400) -> bool:
    """Is `code` named in the sentence [start, end) or in the `window` characters before it?

    A sentence that names only one party ("The ministry condemned the move") takes the article's other main
    actor as its target only when that actor is this clear an antecedent, not because it leads the article."""
    lo = bisect_left(mentions, start - window, key=lambda m: m.start)
    for mention in mentions[lo:]:
        if mention.start >= end:
            break
        if mention.code and (mention.code == code or code in mention.code.split("+")):
            return True
    return False


def _learn_names(text: str, raw: list[Mention]) -> tuple[dict[str, tuple[str, str | None]], list[Mention]]:
    """Names the article ties to an actor, and titled names it leaves unknown."""
    learned: dict[str, tuple[str, str | None]] = {}
    unknown: list[Mention] = []
    ends = {m.end: m for m in raw}
    for match in scan(TITLED_NAME, text):
        name = match.group("name")
        if name in SURFACES:
            continue
        before = text[max(0, match.start() - 40):match.start()]
        owner = None
        gap = re.search(r"(?:'s)?\s+(?:(?:new|former|top|then|acting)\s+)*$", before)
        if gap:
            owner = ends.get(match.start() - len(gap.group(0)))
        role = match.group("title").lower()
        if owner and owner.code:
            learned[name] = (owner.code, role)
        else:
            unknown.append(Mention(match.start("name"), match.end("name"), name, None, name, "unknown", role))
    for mention in raw:
        if not mention.code or not mention.possessive and mention.kind != "adjective":
            continue
        # "Ryosei Akazawa, Japan's minister ..." / "Xue Jian, the Chinese consul general"
        if not APPOSITIVE_TITLE.match(text, mention.end):
            continue
        appositive = APPOSITIVE.search(text[max(0, mention.start - 60):mention.start])
        if appositive and appositive.group("name") not in SURFACES and " " in appositive.group("name"):
            learned.setdefault(appositive.group("name"), (mention.code, None))
    for name, value in list(learned.items()):
        for token in name.split():
            if len(token) > 2 and token not in SURFACES and token not in COMMON_WORDS:
                learned.setdefault(token, value)
    return learned, unknown


def _raw_mentions(text: str, published: date | None) -> list[Mention]:
    mentions = []
    for start, end, surface in find_surfaces(text):
        entry = pick_entry(SURFACES[surface], published)
        mentions.append(Mention(start, end, surface, entry.code, entry.name, entry.kind, entry.role,
                                text.startswith("'s", end)))
    return mentions


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _merge_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """'U.S. President Donald Trump' is one mention, not two."""
    merged: list[Mention] = []
    for mention in mentions:
        if merged:
            last = merged[-1]
            # the cheap tests on the two mentions first: the gap's words are read only for a possible title
            if (mention.kind in {"person", "unknown"} and last.kind in {"country", "adjective", "org", "company", "capital"}
                    and (mention.code == last.code or mention.code is None)
                    and mention.start - last.end < 45 and not _TITLE_GAP_BREAK.search(text, last.end, mention.start)):
                gap = text[last.end:mention.start]
                words = _TITLE_GAP_WORDS.findall(gap.replace("'s", " "))
                if all(w.lower() in TITLE_WORDS for w in words):
                    merged[-1] = replace(mention, start=last.start, text=text[last.start:mention.end],
                                         code=last.code, kind="person", role=mention.role or (" ".join(words).lower() or None))
                    continue
        merged.append(mention)
    return merged


_TITLE_GAP_BREAK = re.compile(r"[,;:()\"]")
_TITLE_GAP_WORDS = re.compile(r"[A-Za-z']+")


def _people_over_companies(mentions: list[Mention]) -> list[Mention]:
    """After "Premier Doug Ford", a bare "Ford" is the person, not the carmaker."""
    surnames = {m.name.split()[-1]: m for m in mentions if m.kind == "person" and m.code and m.name and " " in m.name}
    if not surnames:
        return mentions
    out = []
    seen: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "person" and m.name and " " in m.name:
            seen[m.name.split()[-1]] = m
        if m.kind == "company" and m.text in seen:
            person = seen[m.text]
            m = replace(m, code=person.code, name=person.name, kind="person", role=person.role)
        out.append(m)
    return out


def _domestic_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """"opposition leader X", "far-right leader Marine Le Pen": a person introduced by a domestic role acts at home,
    here and wherever the article names them again."""
    names = {m.name for previous, m in zip(mentions, mentions[1:])
             if previous.kind == "domestic" and m.kind == "person" and m.name and not text[previous.end:m.start].strip()}
    if not names:
        return mentions
    return [replace(m, code=None, kind="domestic") if m.kind == "person" and m.name in names else m for m in mentions]


def _sentence_of(sentences: list[Sentence], position: int) -> Sentence | None:
    for sentence in sentences:
        if sentence.start <= position < sentence.end:
            return sentence
    return None


def find_mentions(text: str, sentences: list[Sentence], published: date | None,
                  title: str | None = None) -> tuple[list[Mention], tuple[str, ...]]:
    """All resolved actor mentions of the article, and its main dyad."""
    raw = [m for m in _raw_mentions(text, published)]
    learned, unknown = _learn_names(text, raw)
    extra: list[Mention] = []
    if learned:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(learned, key=len, reverse=True))
                             + r")(?!\w)")
        for match in pattern.finditer(text):
            code, role = learned[match.group(0)]
            extra.append(Mention(match.start(), match.end(), match.group(0), code, match.group(0), "person", role,
                                 text.startswith("'s", match.end())))
    # unions, activists, opposition parties, courts ... (`filters`): they act at home, not for their country
    domestic = [Mention(start, end, surface, None, None, "domestic") for start, end, surface in find_domestic_actors(text)]
    mentions = _drop_overlaps(raw + extra + unknown + domestic)
    mentions = [m for m in mentions if m.kind != "ignore"]
    mentions = [m for m in mentions if not (m.kind in {"capital", "city"} and LOCATIVE.search(text[max(0, m.start - 12):m.start]))]
    mentions = _merge_titles(text, mentions)
    mentions = _people_over_companies(mentions)
    mentions = _domestic_people(text, mentions)
    title_codes = [pick_entry(SURFACES[surface], published).code for _, _, surface in find_surfaces(title or "")]
    # a country inside a party's or a group's name ("the Taiwan People's Party") still says what the article is about
    kept = {(m.start, m.end) for m in mentions}
    hidden = [m for m in raw if m.code and (m.start, m.end) not in kept
              and any(d.start <= m.start and m.end <= d.end for d in domestic)]
    dyad = main_dyad(mentions + hidden, [c for c in title_codes if c])
    mentions = _resolve_references(text, sentences, mentions, dyad)
    return _resolve_blocs(text, mentions), dyad


BLOC_CODES = frozenset({"EU", "ASEAN", "BRICS", "AU", "GCC", "ECOWAS"})
# trade blocs without a code: "the bloc" after them is not the EU
UNCODED_BLOCS = re.compile(r"\b(?:Mercosur|MERCOSUR|Caricom|CARICOM|Pacific Alliance|Eurasian Economic Union|EAEU|"
                           r"African Continental Free Trade Area|AfCFTA|SADC|Andean Community)\b")


def _resolve_blocs(text: str, mentions: list[Mention]) -> list[Mention]:
    """"the bloc" is the bloc the article last named: the EU only when the EU is the bloc discussed."""
    blocs = [m for m in mentions if m.text.lower() == "the bloc"]
    if not blocs:
        return mentions
    named = [(m.start, m.code) for m in mentions if m.code in BLOC_CODES and m.text.lower() != "the bloc"]
    named += [(match.start(), None) for match in UNCODED_BLOCS.finditer(text)]
    named.sort(key=lambda item: item[0])
    resolved = []
    for mention in mentions:
        if mention.text.lower() == "the bloc" and named:
            before = [code for start, code in named if start < mention.start]
            code = before[-1] if before else named[0][1]
            if code != mention.code:
                mention = replace(mention, code=code, name=code, kind="org" if code else "nonstate")
        resolved.append(mention)
    return resolved


def _resolve_references(text: str, sentences: list[Sentence], mentions: list[Mention],
                        dyad: tuple[str, ...]) -> list[Mention]:
    """Add pronoun, role and group mentions, resolved against the named ones."""
    named = [m for m in mentions]
    references: list[Mention] = []
    for match in scan(GROUP, text):
        if len(dyad) == 2:
            references.append(Mention(match.start(), match.end(), match.group(0), "+".join(dyad), None, "group"))
    occupied = [(m.start, m.end) for m in named]
    last_ministry: str | None = None
    for match in scan(MINISTRY, text):
        # "a foreign ministry spokesman", "the ministry": the ministry named last, else the previous sentence's actor
        code = last_ministry
        sentence = _sentence_of(sentences, match.start())
        if code is None and sentence is not None and sentence.index > 0:
            previous = sentences[sentence.index - 1]
            if previous.paragraph == sentence.paragraph:
                coded = [m for m in named if previous.start <= m.start < previous.end and m.code and "+" not in m.code]
                code = coded[0].code if coded else None
        if code is not None:
            last_ministry = code
            references.append(Mention(match.start(), match.end(), match.group(0), code, None, "role"))
    references.extend(_resolve_bodies(text, sentences, named, occupied))
    # is a position inside a named mention: the spans by start, with the furthest end reached up to each one
    spans = sorted(occupied)
    span_starts = [start for start, _ in spans]
    furthest_end = list(accumulate((end for _, end in spans), max))
    people = [m for m in named if m.kind == "person" and m.code]
    for kind, matches in (("pronoun", scan(PRONOUN, text)), ("role", scan(ROLE_REFERENCE, text))):
        for match in matches:
            inside = bisect_right(span_starts, match.start()) - 1
            if inside >= 0 and furthest_end[inside] > match.start():
                continue
            antecedent = _antecedent(text, sentences, people, match, kind)
            if antecedent is not None:
                references.append(Mention(match.start(), match.end(), match.group(0), antecedent.code,
                                          antecedent.name, kind, antecedent.role,
                                          match.group(0).lower() in {"his", "her"}))
    return sorted(named + references, key=lambda m: m.start)


def _antecedent(text: str, sentences: list[Sentence], people: list[Mention], match: re.Match[str],
                kind: str) -> Mention | None:
    """The person a pronoun or role refers to; `people` are the named persons with a code, in text order."""
    people = [m for m in people if m.end <= match.start()]
    if not people:
        return None
    if kind == "role":
        wanted = match.group("role")
        fitting = [m for m in people if m.role and wanted in m.role]
        return fitting[-1] if fitting else None
    sentence = _sentence_of(sentences, match.start())
    if sentence is not None and sentence.start == match.start() and sentence.index > 0:
        previous = sentences[sentence.index - 1]
        first = [m for m in people if previous.start <= m.start < previous.end]
        if first:
            return first[0]
    if sentence is not None:
        same = [m for m in people if m.start >= sentence.start]
        if same and match.group(0).lower() in {"he", "she"}:
            return same[0]
    return people[-1]


def _resolve_bodies(text: str, sentences: list[Sentence], named: list[Mention],
                    occupied: list[tuple[int, int]]) -> list[Mention]:
    """"the alliance" -> the last named alliance; "the kingdom" -> the last named monarchy; "the company" -> the
    last named company; "the administration"
    -> the United States when the article named it (the word's usual sense in news), else the last named official;
    "the government"/"the cabinet" -> the first state actor of this sentence before it ("Thai lawmakers ..., though
    the government"), else the first country, capital or official of the nearest earlier sentence naming one. Left unresolved when nothing fits within `BODY_WINDOW`
    characters."""
    found: list[Mention] = []
    state_kinds = {"country", "capital", "person"}
    for match in DEFINITE_BODY.finditer(text):
        if any(s <= match.start() < e for s, e in occupied):
            continue
        body = match.group("body")
        want = BODY_KINDS.get(body, "company")
        before = [m for m in named if m.code and "+" not in m.code and m.end <= match.start()
                  and match.start() - m.end <= BODY_WINDOW]
        last = None
        if want == "alliance":
            fitting = [m for m in before if m.code in ALLIANCE_CODES]
            last = fitting[-1] if fitting else None
        elif want == "kingdom":
            fitting = [m for m in before if m.code in KINGDOM_CODES and m.kind in {"country", "capital", "person"}]
            last = fitting[-1] if fitting else None
        elif want == "company":
            fitting = [m for m in before if m.kind == "company"]
            last = fitting[-1] if fitting else None
        elif body == "administration":
            last = next((m for m in reversed(before) if m.code == "USA"), None) or next(
                (m for m in reversed(before) if m.kind == "person"), None)
        else:
            sentence = _sentence_of(sentences, match.start())
            lo = sentence.start if sentence is not None else match.start()
            here = [m for m in before if m.start >= lo and m.kind in state_kinds | {"adjective"}]
            if here:
                last = here[0]
            else:
                earlier = [m for m in before if m.start < lo and m.kind in state_kinds]
                if earlier:
                    home = _sentence_of(sentences, earlier[-1].start)
                    last = next(m for m in earlier if home is None or m.start >= home.start)
        if last is not None:
            found.append(Mention(match.start(), match.end(), match.group(0), last.code, last.name, "role", None,
                                 text.startswith("'s", match.end())))
    return found
