"""Modality: what is not an event (denials, hypotheticals, questions, speculation) and the status of what is.

`sentence_is_eventless(sentence)` rules out a whole sentence (questions,
conditionals, analysts' speculation, statistics); `is_blocked(left)` looks at
the words before a trigger in its clause ("could impose", "did not sign",
"denied that ... agreed", "urged X to expel"); `status_of(left, sentence)`
says announced | pledged | planned | completed.
"""

from __future__ import annotations

import re
import re._parser as sre_parse

from flows.extract.scan import alternatives, contains, may_match, required_words, words_pattern

EVENTLESS_SENTENCE = re.compile(
    r"\?\s*[\"'”’]?$|^(?:If|Unless|Should|Whether|Were)\b|^(?:[A-Z]\w+\s+)?(?:[Aa]nalysts|[Ee]conomists|[Ee]xperts|"
    r"[Ii]nvestors|[Tt]raders|[Cc]ritics|[Oo]bservers|[Cc]ommentators|[Pp]undits|[Ss]trategists)\b|"
    r"\baccording to [^,.]{0,40}\b(?:data|figures|statistics)\b|"
    r"\bdata (?:showed|shows)\b|\bwould have\b.*\bhad\b|"
    # speculation: "commentators speculated that ...", "..., analysts say, owes much to ...", "said a Gulf analyst"
    r"\bspeculat(?:e|es|ed|ing)\s+(?:that|about|on)\b|"
    r",\s+(?:some\s+|many\s+|most\s+)?(?:analysts|economists|experts|observers|commentators|diplomats)\s+(?:say|said|believe|think|argue|reckon),|"
    r"\b(?:said|says|according to)\s+(?:an?\s+|one\s+|another\s+)?(?:[\w-]+\s+){0,3}?(?:analysts?|economists?|strategists?|"
    r"commentators?|pundits?)\b",
)
# "may" blocks, "In May Canada lifted ..." is the month (a capitalised modal only in a title-case headline)
BLOCKERS = re.compile(
    r"\b(?:could|might|(?-i:may)|(?-i:May(?=\s*$|\s+[A-Z][\w.]*\s+[A-Z]))|can|should|would consider|considering|consider|weighing|mulling|hop(?:e|es|ed|ing)|"
    r"wants?|wanted|would like|aim(?:s|ed)? to|aims? at|seek(?:s|ing)? to|sought to|if|whether|unless|"
    r"possible|possibly|potential|potentially|expected to|likely to|no plans?|not|n't|never|no|denied|deny|denies|"
    r"without|refus\w+|declin(?:e|es|ed|ing)\s+(?:[\w-]+\s+){0,3}?to|urg\w+|ask\w*|call\w* on|call\w* for|press\w* for|demand\w*|speculation|rumou?rs?|"
    r"(?:press(?:es|ed|ing)?|push(?:es|ed|ing)?)\s+(?!ahead\b|forward\b|on\b)(?:[\w.'-]+\s+){1,4}?to|"
    r"insist\w*|recommend\w*|suggest\w*|(?:right|power|authority|ability|freedom|licen[cs]e) to|"
    r"expect(?:s|ed|ing)?\s+(?:[\w.'-]+\s+){1,4}?to|"
    r"reportedly considering|would have|had been due|avoid|instead of|rather than|currently|still|until|"
    r"easier|harder|allowing|allows)\b",
    re.I,
)
CLAUSE_BREAK = re.compile(r"[;:(–—]|,\s|\b(?:that|which|who|when|while|and|but|after|as)\b", re.I)
PLANNED = re.compile(r"\b(?:will|would|shall|plans?|planned|planning|to be|set to|due to|soon|later|next|"
                     r"intends?|is to|are to|going to)\b", re.I)
_PLEDGE_WORD = re.compile(r"\bpledg\w+|promis\w+|vow\w*", re.I)
PLEDGED = re.compile(r"\b(?:pledg\w+|promis\w+|vow\w*|commit\w*|would|will)\b", re.I)


_EVENTLESS_ALTERNATIVES = alternatives(EVENTLESS_SENTENCE)  # searched one by one: faster, same answer


def sentence_is_eventless(sentence: str) -> bool:
    """Questions, conditionals, speculation and statistics state no event."""
    return contains(_EVENTLESS_ALTERNATIVES, sentence.strip())


# "demanded that Ottawa drop the tariff", "insisted that Washington protect ...": what is asked for is not done
_MANDATIVE_THAT = re.compile(r"\b(?:demand\w*|urg\w*|ask\w*|insist\w*|request\w*|propos\w*|recommend\w*|suggest\w*|"
                             r"call\w*\s+for|press\w*\s+for)\s+(?:(?:instead|again|repeatedly|publicly|privately)\s+)?$", re.I)


def clause_before(sentence: str, position: int, floor: int = 0) -> str:
    """The words of the trigger's clause before `position` (back to the last clause break).

    A "that" after a verb of demanding does not break the clause: "demanded that Ottawa drop" keeps "demanded"."""
    left = sentence[floor:position]
    breaks = list(CLAUSE_BREAK.finditer(left))
    while breaks and breaks[-1].group(0).lower() == "that" and _MANDATIVE_THAT.search(left, 0, breaks[-1].start()):
        verb = _MANDATIVE_THAT.search(left, 0, breaks[-1].start())
        return left[verb.start():]
    return left[breaks[-1].end():] if breaks else left


MODAL = re.compile(r"\b(?:should|could|might|(?-i:may)|(?-i:May(?=\s*$|\s+[A-Z][\w.]*\s+[A-Z]))|would like|wants? to|hopes? to|argued|argue|argues|suggested)\b", re.I)
AND_BREAK = re.compile(r"\band\s*$", re.I)


# one of these is in every blocker ("could", "no", "n't", ...): most clauses hold none, and a substring test is cheap
_BLOCKER_WORDS = words_pattern(required_words(sre_parse.parse(BLOCKERS.pattern, BLOCKERS.flags)))


def is_blocked(left: str) -> bool:
    """True when the trigger is negated, hypothetical or only requested."""
    return may_match(_BLOCKER_WORDS, left) and bool(BLOCKERS.search(left))


def modal_carries_over(sentence: str, position: int, left: str) -> bool:
    """A modal governs verbs coordinated with "and": "Tokyo should go further and help Manila buy ships".

    `left` is the trigger's clause before `position` (`clause_before`)."""
    head = sentence[:position - len(left)]
    if not head.endswith(("and", "and ")):
        return False
    conjunction = AND_BREAK.search(head)
    return bool(conjunction and MODAL.search(clause_before(head, conjunction.start())))


def status_of(left: str, sentence: str, event_type: str) -> str:
    if PLANNED.search(left):
        return "pledged" if event_type in {"COOPERATE", "MOBILIZE", "AID", "AGREE"} and PLEDGED.search(left) else "planned"
    if event_type in {"COOPERATE", "MOBILIZE", "AID"} and _PLEDGE_WORD.search(sentence):  # the cheap test first
        return "pledged"
    return "announced"
