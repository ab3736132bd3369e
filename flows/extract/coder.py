"""The PLOVER coder: sentences x triggers x actors -> events.

For each sentence that can state an event (see `modality`), every trigger of
the lexicon is located; overlapping triggers keep the earlier lexicon entry.
Each trigger takes its actors from its own clause: the source is the nearest
actor mention before it (a coordinated "A and B" is a joint, symmetric
source), the target the first mention after it with another code, else
another actor of the sentence, else the other member of the article's main
dyad. Amounts and dates are the nearest fitting ones in the clause.
Candidates are then merged into one event per action (`merge`).
"""

from __future__ import annotations

import re
import re._parser as sre_parse
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable

from flows.extract.actors import NON_STATE_KINDS, Mention, find_mentions, partner_nearby
from flows.extract.amounts import Amount, find_amounts
from flows.extract.dates import DateMention, find_dates
from flows.extract.filters import mask_non_events
from flows.extract.lexicon import (MONEY_LED, MONEY_START, PLACEHOLDERS, PREFIX_GROUPS, PREFIX_START,
                                   UNINDEXED_TRIGGERS, Trigger, topics_of)
from flows.extract.merge import copy_with, merge_events, same_kind
from flows.extract.modality import clause_before, is_blocked, modal_carries_over, sentence_is_eventless, status_of
from flows.extract.scan import may_match, required_words, scan_near, words_pattern
from flows.extract.sentences import Sentence, split_sentences
from flows.model import ExtractedEvent

SINGLE_ACTOR_TYPES = frozenset({"MOBILIZE", "PROTEST"})
SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT"})
TARIFF_MODES = frozenset({"tariff"})
MONEY_TYPES = frozenset({"COOPERATE", "AID", "SANCTION", "THREATEN", "CONCEDE"})
PERCENT_TYPES = frozenset({"AGREE", "CONCEDE"})
_PLAIN_QUOTES = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2032", "'"))
_QUOTE = re.compile(r'"[^"\n]{0,600}?"')
_COORDINATION = re.compile(r"^(?:'s)?\s*(?:,|and|, and|&|-|–)\s*(?:the\s+)?$")
_GOODS_AFTER = re.compile(r"^(?:'s)?\s+(?:\w+\s+){0,1}(?:goods|imports|products|exports|exporters|cars|vehicles|steel|"
                          r"autos|shipments|companies|firms|carmakers)\b")
_NOMINAL_BEFORE = re.compile(r"\b(?:over|about|for|of|from|against|regarding|amid|into|by|without|despite|on)\s+"
                             r"(?:[a-z-]+\s+){0,2}$")
_TO_BEFORE = re.compile(r"\bto\s+$")
_NOMINAL_MONEY = re.compile(r"(?:US\$|[A-Z]{0,2}\$|[€£¥₩])\s?\d")
_OBJECT_COORDINATION = re.compile(r"\b(?:as well as|along with|plus|together with)\b|\band\s+(?:a|an|another|the)\s+\S*$", re.I)
_MONEY_OF = re.compile(r"\d(?:\s?(?:trillion|billion|million|bn|tn|mn|m|b))?\s+(?:worth\s+)?(?:of|in)\s+(?:new\s+|fresh\s+|direct\s+|"
                       r"foreign\s+|private\s+)?$", re.I)
_OWN_SUBJECT_GAP = re.compile(r"(?:'s?)?\s+(?:[A-Za-z-]+\s+){1,3}")
_ANAPHORIC_START = re.compile(r"^(?:The|This|That|These|Those|It|They|Its|Their)\b")
_PERSON_HOST = re.compile(r"^host", re.I)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|across)\s+(?:the\s+)?$", re.I)
_ABSENT_BEFORE = re.compile(r"\bwithout\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|of|on|to|for|from|with|into|at|by)\s+(?:the\s+)?$", re.I)
_PARTICIPLE_ADJUNCT = re.compile(r"[a-z]+ing\b")  # ", blaming ...", ", accusing ...", ", citing ..." after a comma
_VERB_COORDINATION = re.compile(r"(?<![,;])\s+and\s+(?:also\s+|then\s+|later\s+|subsequently\s+)?$")
_NEXT_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas)\b|\b(?:while|whereas)\b")
_TARIFF_LETTER = re.compile(r"\s+(?:in|via|through)\s+(?:a|an|his|her|the|its|their)\s+(?:[\w.-]+\s+){0,3}?letters?\b", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\b[^,;.]*$", re.I)
_FRONTED_PHRASE = re.compile(r"^(?:After|Following|During|In|At|Before)\b[^,;]*,", re.I)
_SUBJECT_GAP = re.compile(r",\s+(?:[\w.'-]+\s+){0,4}$")
_DEAL_CONTEXT = re.compile(r"\b(?:agreement|deal|framework|accord|arrangement|under which|under the)\b", re.I)
_REPORTING_FRAME = re.compile(r"\b(?:said|says|told\s+\w+|announced|wrote|confirmed|stated|added)\s+$")
_PAST_TENSE = re.compile(r"\w+ed\b|(?:met|held|sold|bought|struck|told|made|gave|put|sent|took|won)\b", re.I)
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|dismissed reports|rejected reports|refuted)\b", re.I)
_DENIAL_WORDS = words_pattern(("denie", "deny", "ed report", "refuted"))  # one is in every denial
_SIMULATED_BEFORE = re.compile(r"\b(?:simulat\w+|mock|rehears\w+|practi[cs]\w+|a|an|any|possible)\s+(?:\w+\s+)?$", re.I)
# "were banned by", "were raised to 40% by": the agent of a passive trigger, past a short complement
_PASSIVE_AGENT = re.compile(r"(?:\s+(?:to|at|in|on)\s+(?:about\s+)?[\w.%$-]+){0,2}\s+by\s+(?:the\s+)?")
_AGENT_AFTER_BY = re.compile(r"\s+(?:the\s+)?")
_PASSIVE_TRIGGER = re.compile(r"(?:ed|en|wn|ld|ght|uck|ent)$", re.I)
_THREAT_SCOPE_BREAK = re.compile(r"[;.]|\b(?:but|while|whereas|although|after|before|prompting|when)\b")
_THREAT_HEAD = re.compile(r"^(?:threaten|warn)", re.I)
# "called on the country's militia members to report for duty": a call to act, not a visit
_CALLED_ON_TO = re.compile(r"(?:[^,;.]|(?<=\d)[.,](?=\d)){0,80}?\bto\s+(?!the\b|a\b|an\b|its\b|their\b)[a-z]+\b")
# ", which sells most of Saudi Arabia's weapons,": a habit named in a relative clause, not an act of the article
_HABIT_RELATIVE = re.compile(r",\s+(?:which|who)\s+(?:also\s+|still\s+|already\s+|now\s+)?$", re.I)
_HABIT_VERB = re.compile(r"[a-z]+(?<!s)s\b")
# "cut diplomatic ties with Belgium, expelling its diplomats": a participle restating the act before it
_RESTATING_PARTICIPLE = re.compile(r"^[^;.,]{0,80},\s*$")
_REASON_BEFORE = re.compile(r"\b(?:over|because of|in response to|in retaliation for|for)\s+(?:the|its|their|this|that|his|her|these|those)\s+"
                            r"(?:same\s+|earlier\s+|previous\s+)?(?:[\w-]+\s+)?$", re.I)
# "pressed Taipei for years to spend more and to buy weapons", "urged Tokyo to lift its ban": the act is asked for, not done
_REQUEST_HEAD = re.compile(r"^(?:urg|press|push|call|ask|demand|request|encourag|implor|tell|told|persuad|lobb)", re.I)
_ASKED_ACT_GAP = re.compile(r"^[^;.:]{0,90}?\bto\s+(?:(?:also|then|further|quickly|immediately|[\w-]+ly)\s+)?$", re.I)
# a capitalised word between two others is part of a name ("the Freedom Support Act", "the Saudi Press Agency")
_NAME_WORD_BEFORE = re.compile(r"(?<![.!?:\"“]\s)(?<!^)\b(?-i:[A-Z][\w&.-]*)\s+$")
_NAME_WORD_AFTER = re.compile(r"\s+(?-i:[A-Z][a-z]+)\b")
_TITLE_CASE_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")
_INANIMATE_THREAT = re.compile(r"\b(?:that|which)\s+(?:had\s+|has\s+|have\s+|also\s+)?$", re.I)
_MEET_TARGET = re.compile(r"^\s+(?:(?:its|their|the|a|an|his|her|our|this|these|all|new|[A-Z][\w.-]*'s?)\s+)?(?:[\w-]+\s+){0,2}?"
                          r"(?:targets?|goals?|demands?|deadlines?|requirements?|obligations?|commitments?|needs|criteria|"
                          r"standards|expectations|benchmarks?|thresholds?|conditions)\b", re.I)
_EXPECTED_AT = re.compile(r"\b(?:expected|due|scheduled)\s+(?:at|in|for)\b[^,;]*$", re.I)
_VENUE_SENSITIVE = frozenset({"COOPERATE", "AID", "MOBILIZE", "ASSAULT", "COERCE"})
_DRILL_TARGET = re.compile(r"\b(?:around|near|off|against|toward|towards|surrounding|encircling|close to)\s+(?:the\s+)?$", re.I)
_JOINT_DRILL = re.compile(r"\b(?:drills?|exercises?|war games|manoeuvres|maneuvers|patrols?)\b", re.I)
_MODIFIER_GAP = re.compile(r"^\s*(?:[a-z-]+\s+)?$")
_PERIOD_OF_PLAN = re.compile(r"^this (?:year|month)$")
_RELATIVE_CLAUSE = re.compile(r"\b(?:who|which)\b[^,]*$")
_NEW_CLAUSE = re.compile(r"[;]|,\s+(?:and|while|but|whereas)\b|\b(?:while|whereas)\b|,\s+and\b|\band\s+(?:the|its|their)\b")
_TARGET_PREPOSITION = re.compile(r"\b(?:on|from|with|to|against|for|into|toward|towards|at)\s+(?:[\w.'-]+\s+){0,3}$")
_CLAUSE_SUBJECT = re.compile(r"(?:[;,]\s+|\b(?:and|while|whereas|but)\s+)$")
_PACT_BEFORE = re.compile(r"\b(?:agreement|pact|deal|accord|treaty|arrangement|partnership|ceasefire|truce)s?\b", re.I)
_WARNING_BEFORE = re.compile(r"\b(?:warn(?:s|ed|ing)?|threaten(?:s|ed|ing)?|vow(?:s|ed|ing)?)\b(?![^;]*\b(?:but|after|and then)\b)", re.I)
_CONDITION_AFTER = re.compile(r"\b(?:if|unless)\b\s+(?!not\b)", re.I)
_CONSEQUENCE_THREAT = re.compile(r"^threaten(?:s|ed|ing)?\s+to\s+(?:derail|undermine|disrupt|upend|unravel|overshadow|"
                                 r"escalate|reignite|spill|scupper|sink|delay|complicate|wreck|spiral|damage|hurt|"
                                 r"destabili[sz]e|topple|collapse)\b", re.I)
_RAISE_TO = re.compile(r"^(?:lift|lifts|lifted|lifting)\b", re.I)
_POSSIBLE_AFTER = re.compile(r"^\s+(?:the\s+|a\s+)?(?:possible|potential|possibility|prospect|idea|options?|whether|ways?)\b", re.I)
_STOPPED_BEFORE = re.compile(r"\b(?:suspend\w*|halt\w*|stop\w*|cancel\w*|freez\w*|froze|curb\w*|ban\w*|paus\w*|"
                             r"scrap\w*|postpon\w*|delay\w*|put off|call\w* off|end(?:s|ed|ing)?)\s+"
                             r"(?:(?:a|an|the|its|their|all|planned|scheduled|further|new|upcoming)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_BID_TO_OPEN = re.compile(r"\b(?:bid|bids|push|drive|efforts?|attempts?|offer|proposal|call|calls|request|plan|plans)\s+to\s+"
                         r"(?:open|start|begin|launch|hold|resume|restart|host|arrange|set up)\s+(?:[\w-]+\s+){0,3}$", re.I)
_NOUN_TRIGGER = re.compile(r"(?:purchases?|imports?|exports?|investments?|buying|importing)", re.I)
_STATISTIC_AFTER = re.compile(r"[^;,]{0,60}?\b(?:fell|rose|declined|dropped|jumped|surged|slumped|grew|climbed|increased|"
                              r"decreased|plunged|tumbled|doubled|halved|slowed|soared|sank|shrank|contracted|rebounded|"
                              r"(?:have|has|had)\s+(?:fallen|risen|grown|slowed|dropped|declined|increased|doubled))\b", re.I)
_TRADE_STATISTIC = re.compile(r"\b(?:trade (?:surplus|deficit|gap)|surplus|deficit|exports of|imports of|worth of goods)\b", re.I)


_AMOUNT_CLAUSE_BREAK = re.compile(r";|\b(?:while|whereas|but|after|although)\b|,\s+and\b")
_AMOUNT_HARD_BREAK = re.compile(r";|\b(?:while|whereas)\b")  # another clause with its own action
# a non-restrictive relative clause ("X, which in March committed to $1.4tn, concluded $200bn of deals")
_REL_CLAUSE_SPAN = re.compile(r",\s+(?:which|who|whose)\b[^,;]{3,200},")
# a deal's value: "a deal worth $5bn", "a $5bn agreement", "agreed the original $60 cap"
_DEAL_VALUE_BEFORE = re.compile(r"\b(?:worth|valued at|value of)\s+(?:(?:about|around|roughly|nearly|almost|some|more than|over|up to|at least)\s+)?$", re.I)
_DEAL_NOUN_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:deals?|agreements?|accords?|pacts?|contracts?|packages?|caps?|frameworks?)\b", re.I)

_DETERMINER_GAP = re.compile(r"^\s+(?:the|a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _deal_context_in_clause(sentence: str, hit: Hit) -> bool:
    """A deal named in the tariff's own clause ("under the deal, tariffs were set at 15%"), not in another
    clause with its own action ("Kenya signed a deal with Uganda, while Tanzania raised tariffs to 20%")."""
    lo, hi = 0, len(sentence)
    for m in _AMOUNT_HARD_BREAK.finditer(sentence):
        if m.end() <= hit.start:
            lo = m.end()
        elif m.start() >= hit.end:
            hi = m.start()
            break
    return bool(_DEAL_CONTEXT.search(sentence, lo, hi))


def _rel_spans(sentence: str) -> list[tuple[int, int]]:
    if "," not in sentence or not ("which" in sentence or "who" in sentence):
        return []
    return [(m.start(), m.end()) for m in _REL_CLAUSE_SPAN.finditer(sentence)]


def _across_relative(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Is exactly one of the two offsets inside a relative clause (they sit in different clauses)?"""
    for lo, hi in spans:
        if (lo <= a < hi) != (lo <= b < hi):
            return True
    return False


def _deal_value(sentence: str, hit: Hit, amount: Amount) -> bool:
    """Is the money amount the value of the deal the AGREE trigger names?"""
    if hit.start <= amount.start and amount.end <= hit.end:
        return True
    if amount.start >= hit.end:
        between = sentence[hit.end:amount.start]
        if _DETERMINER_GAP.match(between) and _DEAL_NOUN_AFTER.match(sentence[amount.end:amount.end + 40]):
            return True  # "agreed the original $60 cap"
        return len(between) <= 60 and ";" not in between and bool(_DEAL_VALUE_BEFORE.search(between))
    between = sentence[amount.end:hit.start]
    return len(between) <= 40 and "," not in between and bool(_DEAL_NOUN_AFTER.match(sentence[amount.end:hit.end]))
_THIRD_PARTY_CUE = re.compile(r"\b(?:by|sidelines|mediation|auspices)\b")
_THIRD_PARTY_BEFORE = re.compile(r"\b(?:(?:mediated|brokered|facilitated|hosted|arbitrated)\s+by|mediation\s+(?:of|by)|"
                                 r"auspices\s+of|sidelines\s+of)\s+(?:the\s+)?(?:(?!between\b)[\w-]+\s+){0,2}$", re.I)
_MEDIATION = re.compile(r"\b(?:(?:mediated|brokered|facilitated|arbitrated|hosted)\s+by|mediation\s+(?:of|by)|auspices\s+of)\s+",
                        re.I)
_MEDIATION_END = re.compile(r"[;]|\bbetween\b|,\s+(?:which|who|when|while|after|as|but|and\s+(?:the|its|their|a|an)\b)|"
                            r"\b(?:and|but)\s+(?:the\s+)?(?:two|both)\b|\b(?:said|says|agreed|signed)\b", re.I)


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?", re.I)


def _between_pair(sentence: str, local: list[Mention], hit: Hit) -> list[Mention] | None:
    """The two parties of "between X and Y" right after a meeting or pact trigger (in its own clause)."""
    found = _BETWEEN.search(sentence, hit.start, min(len(sentence), hit.end + 60))
    if found is None or re.search(r"[;]|,\s", sentence[hit.end:found.start()]):
        return None
    first = next((m for m in local if m.start == found.end() and m.code and "+" not in m.code), None)
    if first is None:
        return None
    second = next((m for m in local if m.start > first.end and m.code and "+" not in m.code), None)
    if second is None or second.code == first.code or not re.fullmatch(r"(?:'s)?\s+and\s+(?:the\s+)?",
                                                                       sentence[first.end:second.start]):
        return None
    return [first, second]


_SUBJECT_GROUP = re.compile(r"(?:(?:'s)?\s*(?:,|and)?\s*(?:the\s+)?[A-Z][\w.'-]*)*\s*")


def _subject_of_a_hit(sentence: str, mention: Mention, hits: list[Hit]) -> bool:
    """"In talks mediated by Egypt, Israel and Hamas agreed ...": names right before a trigger are its subject."""
    return any(h.start >= mention.end and _SUBJECT_GROUP.fullmatch(sentence, mention.end, h.start) for h in hits)


def _third_party_spans(sentence: str) -> list[tuple[int, int]]:
    """The whole phrase after "mediated by" names go-betweens, a list included ("mediated by Egypt, Qatar and
    Turkey with U.S. envoys"), up to its clause's end or the parties' "between"."""
    spans = []
    for match in _MEDIATION.finditer(sentence):
        end = _MEDIATION_END.search(sentence, match.end())
        spans.append((match.end(), min(end.start() if end else len(sentence), match.end() + 160)))
    return spans


# "supplied shells that Ukraine says were fired at its cities": the subject of a relative clause after the
# goods is no recipient of an aid or a sale
_GOODS_TYPES = frozenset({"AID", "COOPERATE"})
_RELATIVE_SUBJECT = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+)?$", re.I)
# "..., according to Ukrainian and South Korean officials": who tells the news is no party to it
_ATTRIBUTION_BEFORE = re.compile(r"\baccording to\s+(?:(?:the|a|an|two|several|senior|[\w-]+\s+and)\s+)*(?:[\w-]+\s+){0,2}$", re.I)
# what every match of these consumes (`code_sentence` searches them only in sentences holding one)
_EXPECTED_WORDS = words_pattern(required_words(sre_parse.parse(_EXPECTED_AT.pattern, _EXPECTED_AT.flags)))
_STOPPED_WORDS = words_pattern(required_words(sre_parse.parse(_STOPPED_BEFORE.pattern, _STOPPED_BEFORE.flags)))
_ATTRIBUTION_WORDS = words_pattern(required_words(sre_parse.parse(_ATTRIBUTION_BEFORE.pattern, _ATTRIBUTION_BEFORE.flags)))
_DEFENCE_REQUESTER = re.compile(r"\b(?:defen[cs]e (?:ministry|department|agency|forces)|ministry of defen[cs]e|"
                                r"department of (?:defen[cs]e|war)|pentagon|military|armed forces|army|navy|"
                                r"self-defen[cs]e forces)\b[^,;]{0,40}$", re.I)
_THREATENABLE = frozenset({"SANCTION", "ASSAULT", "COERCE"})
# "agreed to buy", "agreed to lend": the agreed act is the event, not an extra AGREE
_AGREED_TO = re.compile(r"\s+(?:on\s+\w+\s+|in\s+\w+\s+|last\s+\w+\s+)?to\s+(?:(?:also|further|jointly|each)\s+)?$", re.I)
# "the target agreed at NATO's summit", "a debt brake agreed in March": a participle naming a thing, not a pact
_THING_AGREED = re.compile(r"\b(?:target|goal|brake|plan|terms|rules|level|limit|cap|timeline|deadline|schedule|date|sum|"
                           r"figure|price|quota|text|wording|changes|reforms|measures|steps|benchmark|pledge|budget|"
                           r"loosening|principles|guidelines|mechanism|formula)s?\s+(?:\w+\s+)?$", re.I)
# "called on partners to", "urged allies to": an addressee that names no one state
_GENERIC_ADDRESSEE = re.compile(r"\s+(?:(?:its|their|the|all|fellow|other|western|european|international|world)\s+)*"
                                r"(?:partners|allies|countries|nations|governments|states|members|member states|"
                                r"community|world|leaders|parties|sides)\b", re.I)
# a request with no addressee slot ("called for restraint", "demanded guarantees", "insisted that ...")
_NO_ADDRESSEE_REQUEST = re.compile(r"(?:call(?:s|ed|ing)? for|press(?:es|ed|ing)? for|appeal(?:s|ed|ing)? for|asked for|"
                                   r"insist(?:s|ed|ing)?|demanded|demanding|demands that)\b", re.I)
_DRILL_WORDS = re.compile(r"\b(?:simulat\w+|rehears\w+|practi[cs]\w+|drills?|exercises?|war games?|scenario|"
                          r"hypothetical|would|could|might|possible|potential)\b", re.I)
_HELD_BY = re.compile(r"-(?:held|controlled|run|led|backed|occupied)\b", re.I)  # "Houthi-held ports"
_ADDRESSEE_NOUN = re.compile(r"\s+(?:government|authorities|officials|side|leaders?|leadership|counterparts?|"
                            r"ministers?|ministry|president|premier|administration|envoy|ambassador|markets?)\b", re.I)
# "insisted that food standards would not be diluted": the that-clause states, it does not ask
_ASSERTED_THAT = re.compile(r"\s*(?:that\s+)?[^;,]{0,60}?\b(?:would|will|was|were|is|are|had|has|have|remains?|could|did)\b", re.I)
_FRAMEWORK_BEFORE = re.compile(r"\b(?:under|as part of|in line with|pursuant to)\s+(?:(?:a|an|the|this|that|their|its)\s+)?"
                               r"(?:(?:[\w-]+\s+){0,3}?(?:deal|agreement|accord|pact|framework|arrangement|treaty)s?"
                               r"(?:,?\s+(?:which|that)\s+)?\s*(?:[\w-]+\s+){0,2})?$", re.I)
_FRAMED_ACTS = frozenset({"COOPERATE", "AID", "CONCEDE"})
_ASKED_FOR_BEFORE = re.compile(r"\b(?:request|call|offer|proposal|invitation|bid|push|appeal|demand)s?\s+(?:for|of)\s+"
                               r"(?:(?:new|fresh|direct|urgent|immediate|renewed|more|further|the|a|an)\s+)*$", re.I)
# "agreed that X was ...": agreeing on a judgement ("agreed that tariffs would fall" stays a deal)
_AGREED_OPINION = re.compile(r"agree(?:s|d)\s+that\s+(?:(?!\b(?:would|will|should|shall|must)\b)[^;,])*?\b"
                             r"(?:is|are|was|were|had been|has been|have been|remains?|posed?|poses)\b", re.I)
# "agreed with Trump that Japan should do more", "agrees with Berlin's assessment": sharing a view, not a pact
_AGREED_WITH_VIEW = re.compile(r"agree(?:s|d)?\s+with\s+(?:[^;,.]{0,50}?\s+that\s+(?:(?!\b(?:would|will|shall)\b)[^;,])*?\b"
                               r"(?:is|are|was|were|had been|has been|have been|remains?|poses?|posed|should|must|needs?|needed)\b"
                               r"|(?:the\s+|his\s+|her\s+|their\s+|its\s+|[A-Z][\w.-]*'s?\s+)?(?:[\w-]+\s+)?(?:view|views|assessment|"
                               r"position|analysis|remarks|comments|criticism|concerns?|characteri[sz]ation|sentiment|stance|"
                               r"sentiments|argument|premise)\b)", re.I)
_AGENTLESS_PASSIVE = re.compile(r"\b(?:was|were|has been|have been|had been|will be|would be|is being|are being|be)\s+"
                                r"(?:\w+ly\s+)?(?:imposed|levied|slapped|raised|increased|hiked|doubled|lifted|lowered|reduced|"
                                r"cut|removed|suspended|waived|eased|banned|barred|restricted|halted|blocked|prohibited|"
                                r"sanctioned|blacklisted|sent|delivered|allocated|provided|approved|disbursed|extended|"
                                r"granted|pledged|shipped|released|signed|reached|sealed|deployed|dispatched|stationed|"
                                r"exempted|paused|detained|arrested|seized|freed|expelled)\b", re.I)


def _inside_name(sentence: str, hit: "Hit") -> bool:
    """Is a capitalised trigger word inside a multi-word name, between two capitalised words, in running text?"""
    if not sentence[hit.start:hit.start + 1].isupper():
        return False
    first = re.match(r"[\w-]+", sentence[hit.start:hit.end])
    if first is None or not _NAME_WORD_BEFORE.search(sentence[max(0, hit.start - 40):hit.start]) or \
            not _NAME_WORD_AFTER.match(sentence, hit.start + first.end()):
        return False
    words = _TITLE_CASE_WORD.findall(sentence)
    return sum(w[0].isupper() for w in words) * 4 <= len(words) * 3  # a headline in title case names nothing this way


def _by_agent_follows(text: str, hit: "Hit") -> bool:
    return text[hit.start:hit.end].rstrip().endswith(" by") or bool(re.match(r"[^;,]{0,40}?\bby\b", text[hit.end:]))


_DETERMINER_ONLY = re.compile(r"\s*(?:the\s+|its\s+|their\s+)?")
_INTO_LAW = re.compile(r"[^;,.]{0,40}?\binto law\b", re.I)
_REPORTED_ACCUSATION = re.compile(r"(?:said|says|saying|argued|insisted|maintained|complained|charged|stated)\b", re.I)
_AGREED_ACTS = frozenset({"AID", "COOPERATE"})
_ADDRESSING_VERB = re.compile(r"(?:asked|asks|asking|call(?:s|ed|ing)? on|urg(?:ed|es|ing|e)|press(?:es|ed|ing)?|"
                              r"appeal(?:s|ed|ing)? to|lean(?:s|ed|ing)? on)", re.I)
_ASKER_FIRST = frozenset({"REQUEST", "ACCUSE", "ASSAULT", "PROTEST"})
# "Canada and Britain jointly sanctioned a Russian firm": co-actors of a measure against a third state
_JOINT_MEASURES = frozenset({"SANCTION", "THREATEN", "COERCE"})
# a question put to someone ("asked whether Japan would ...", "when asked about plans to ...") is no request
_QUESTION_AFTER = re.compile(r"ask\w*\s+(?:(?!to\b)[\w'-]+\s+){0,3}?(?:whether|if|what|how|why|when|about|by)\b", re.I)
_QUESTION_BEFORE = re.compile(r"(?:^\W*|\b(?:when|if|as|after|before|once|was|were|been|being)\s+(?:he\s+|she\s+|they\s+)?)$", re.I)
_FRONTED_PARTICIPLE = re.compile(r"^Having\s+(?:(?:already|just|also|first|earlier|previously|repeatedly)\s+)?"
                                 r"[a-z]+(?:ed|en|wn|ld|ght|uck|ent|ot|id|un|ut)\b[^,;]*,", re.I)


@dataclass(frozen=True)
class Hit:
    trigger: Trigger
    start: int  # relative to the sentence
    end: int


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character each ("Sánchez" -> "Sanchez")."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


_ACCENTS = _accent_table()
# the letters of the table, found by one regex: `str.translate` with a dict looks up every character (10x slower)
_ACCENTED = re.compile("[" + "".join(map(chr, sorted(_ACCENTS))) + "]")


def normalise_text(text: str) -> str:
    """Same-length copy with typographic quotes made plain and accents folded (offsets stay valid)."""
    for typographic, plain in _PLAIN_QUOTES:
        if typographic in text:
            text = text.replace(typographic, plain)
    if not text.isascii():
        text = _ACCENTED.sub(lambda letter: _ACCENTS[ord(letter.group(0))], text)
    return text


def mask_quotes(text: str) -> str:
    """Blank out quoted speech of more than three words (it is not the reporter's claim)."""
    def blank(match: re.Match[str]) -> str:
        inner = match.group(0)
        return inner if len(inner.split()) <= 3 else " " * len(inner)
    text = _QUOTE.sub(blank, text)
    if "(" in text:
        # "C$2 billion ($1.5 billion) in aid": a bracketed conversion is no word of the sentence's phrasing
        text = _CONVERSION_BRACKET.sub(lambda m: " " * len(m.group(0)), text)
    return text


_CONVERSION_BRACKET = re.compile(r"\(\s*(?:about|around|roughly|some|approximately|nearly|almost|or|equivalent to|~)?\s*"
                                 r"(?:US\$|[A-Z]{0,2}\$|[€£¥₩])?\s?\d[\d.,]*\s*(?:trillion|billion|million|bn|tn|mn|m|b)?"
                                 r"(?:\s+[A-Za-z]{2,8})?\s*\)", re.I)


# a MONEY_START match starts at a digit or a currency sign, or at most 2 letters before one ("US$", "C$")
_MONEY_START_ANCHOR = re.compile(r"[\d$€£¥₩]+")


def find_hits(text: str) -> list[Hit]:
    """Trigger matches in a text; on overlap the earlier lexicon entry wins.

    Each trigger is tried only at the start of words its pattern can begin
    with (`PREFIX_INDEX`, grouped by prefix in `PREFIX_GROUPS`), and (for a trigger with a long gap, "said
    [^;]{0,90}? violated") only where the rest of the sentence holds a word its match must contain (`_need`),
    which keeps extraction fast.
    """
    lowered = text.lower()
    # a word a match must contain is looked for in the lower-cased text, unless the text holds one of the letters
    # that match an ASCII letter only when the case is ignored ("ı", "ſ", "İ")
    needs = text.isascii() or not ("ı" in text or "ſ" in text or "İ" in text)
    found: list[Hit] = []
    for word in PREFIX_START.finditer(lowered):
        position = word.start()
        barrier = None
        for prefix, triggers in PREFIX_GROUPS.get(lowered[position:position + 2], ()):
            if lowered.startswith(prefix, position):
                for trigger, need in triggers:
                    if need is not None and needs:
                        if barrier is None:  # the end of the sentence
                            barrier = lowered.find(";", position) % (len(lowered) + 1)
                        if need.search(lowered, position, barrier) is None:
                            continue
                    match = trigger.pattern.match(text, position)
                    if match and match.end() > match.start():
                        found.append(Hit(trigger, match.start(), match.end()))
    if MONEY_LED:
        for start in scan_near(MONEY_START, _MONEY_START_ANCHOR, 2, text):  # = MONEY_START.finditer(text), faster
            for trigger in UNINDEXED_TRIGGERS:
                match = trigger.pattern.match(text, start.start())
                if match and match.end() > match.start():
                    found.append(Hit(trigger, match.start(), match.end()))
    else:
        for trigger in UNINDEXED_TRIGGERS:
            found.extend(Hit(trigger, m.start(), m.end()) for m in trigger.pattern.finditer(text) if m.end() > m.start())
    hits: list[Hit] = []
    for hit in sorted(found, key=lambda h: (h.trigger.priority, h.start)):
        if not any(h.start < hit.end and hit.start < h.end for h in hits):
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


def _codes_of(mention: Mention) -> tuple[str, ...]:
    return tuple(mention.code.split("+")) if mention.code else ()


def _is_locative(sentence: str, mention: Mention) -> bool:
    return bool(_LOCATIVE_BEFORE.search(sentence[max(0, mention.start - 10):mention.start]))


def _source(sentence: str, local: list[Mention], hit: Hit, floor: int, dyad: tuple[str, ...]) -> list[Mention]:
    """The mention(s) acting: nearest before the trigger, with a coordinated partner.

    A mention in the article's main dyad is preferred over a nearer third party
    ("the same level Japan obtained, and ... agreed" in a US-Korea story).
    """
    candidates = [m for m in local if m.end <= hit.start and not _is_locative(sentence, m) and m.kind != "city"]
    before = [m for m in candidates if m.start >= floor] or candidates
    if not before:
        return []
    if before[-1].code and before[-1].code not in dyad and "+" not in before[-1].code and not (
            _CLAUSE_SUBJECT.search(sentence[max(0, before[-1].start - 12):before[-1].start])
            and re.fullmatch(r"\s+(?:\w+\s+){0,2}", sentence[before[-1].end:hit.start])) and not (
            # "South Korea's cabinet proposed raising ...": a possessor of the subject noun, in the trigger's clause
            before[-1].possessive and _OWN_SUBJECT_GAP.fullmatch(sentence, before[-1].end, hit.start)
            and not _PREPOSITION_BEFORE.search(sentence[max(0, before[-1].start - 8):before[-1].start])):
        in_dyad = [m for m in candidates if m.code in dyad]
        if in_dyad:
            before = [m for m in candidates if m.start <= in_dyad[-1].start]
    source = [before[-1]]
    for previous in reversed(before[:-1]):
        if (_COORDINATION.match(sentence[previous.end:source[0].start]) and not source[0].possessive
                and not previous.possessive and not _PREPOSITION_BEFORE.search(sentence[max(0, previous.start - 8):previous.start])):
            source.insert(0, previous)
        else:
            break
    return source


_GENERIC_RECIPIENT_TYPES = frozenset({"AID", "COOPERATE", "SANCTION", "CONCEDE", "SUPPORT"})
# an object that names no one actor: "aid to member states", "loans to the organisation's development bank"
_GENERIC_RECIPIENT = re.compile(r"[^;,.]{0,40}?\b(?:to|for|among)\s+(?:(?:its|their|the|fellow|other|all|poorer|poor|"
                                r"developing|neighbouring|neighboring|partner|member|smaller)\s+)*(?:member states|members|"
                                r"member countries|partners|allies|neighbou?rs|nations|countries|states|economies|"
                                r"(?:organi[sz]ation|group|bloc|alliance)'s)\b", re.I)
_GATHERING = re.compile(r"summit|meeting", re.I)
_OLD_LEVEL_BEFORE = re.compile(r"\b(?:(?:down|up|rising|falling|increased|reduced|cut|raised|lowered)\s+)?from\s+"
                               r"(?:(?:about|around|roughly|nearly|some|an?|the|its|current|previous|earlier)\s+)*$", re.I)


_GOODS_VALUE = re.compile(r"(?:\s*\([^)]{0,40}\))?\s+(?:worth\s+)?of\s+(?:[\w.'’-]+\s+){0,3}?"
                         r"(?:goods|imports|products|exports|merchandise|shipments)\b", re.I)
_ON_GOODS_BEFORE = re.compile(r"\b(?:on|covering|against)\s+(?:(?:about|around|roughly|nearly|some|an estimated|"
                              r"another|a further|an additional|more than|over|up to|the)\s+)*$", re.I)


def _pick_amount(sentence: str, amounts: list[Amount], hit: Hit, lo: int, hi: int) -> Amount | None:
    trigger = hit.trigger
    if trigger.event_type == "MOBILIZE":
        wanted = {"percent_gdp"} | {a.unit for a in amounts if a.is_money}
    elif trigger.mode in TARIFF_MODES:
        wanted = {"percent"}
    elif trigger.mode == "retaliation":
        # "retaliated with 100% tariffs on canola", "with fees of 400 yuan a ton"
        wanted = {"percent"} | {a.unit for a in amounts if a.is_money}
    elif trigger.event_type in PERCENT_TYPES:
        # a deal "carrying a 19% tariff", a licence "in return for 15% of revenue"
        wanted = {"percent"} | ({a.unit for a in amounts if a.is_money}
                                if trigger.event_type in MONEY_TYPES or trigger.event_type == "AGREE" else set())
    elif trigger.event_type in MONEY_TYPES:
        wanted = {a.unit for a in amounts if a.is_money}
    else:
        return None
    spans = _rel_spans(sentence)
    window = [a for a in amounts if a.unit in wanted and lo <= a.start and a.end <= hi
              and not _AMOUNT_HARD_BREAK.search(sentence, min(a.end, hit.end), max(a.start, hit.start))
              and not (spans and _across_relative(spans, a.start, hit.start))
              and (trigger.event_type != "AGREE" or not a.is_money or _deal_value(sentence, hit, a))]
    if trigger.mode in TARIFF_MODES or trigger.mode == "retaliation":
        # "25% duties on C$30 billion of U.S. goods": the trade the measure covers is its amount
        covered = [a for a in amounts if a.is_money and lo <= a.start and a.end <= hi and _GOODS_VALUE.match(sentence, a.end)
                   and _ON_GOODS_BEFORE.search(sentence, max(0, a.start - 24), a.start)
                   and not _AMOUNT_HARD_BREAK.search(sentence, min(a.end, hit.end), max(a.start, hit.start))]
        if covered:
            return min(covered, key=lambda a: abs(a.start - hit.start))
    if not window:
        return None
    if trigger.mode in TARIFF_MODES and trigger.event_type == "CONCEDE":
        to_amounts = [a for a in window if re.search(r"\bto\s+(?:about\s+)?$", sentence[max(0, a.start - 12):a.start])]
        if to_amounts:
            window = to_amounts
    if len(window) > 1:
        # "from EUR62.4bn this year to EUR152.8bn", "10%, down from 27.5%", "cut to 10% from 27.5%": the new level
        new_levels = [a for a in window if not _OLD_LEVEL_BEFORE.search(sentence, max(0, a.start - 24), a.start)]
        if new_levels:
            window = new_levels
    def distance(a: Amount) -> int:
        gap = max(a.start - hit.end, 2 * (hit.start - a.end), 0)
        between = sentence[min(a.end, hit.end):max(a.start, hit.start)]
        return gap + (150 if "," in between else 0)  # "..., saying he had first asked for 20%"
    return min(window, key=distance)


def _inside_pact_description(sentence: str, hits: list[Hit], hit: Hit) -> bool:
    """Is the hit between a pact noun and that pact's entry into force ("a pact allowing ... drills came into force")?"""
    for later in hits:
        if later.start >= hit.end and later.trigger.mode == "entry_into_force" and ";" not in sentence[hit.end:later.start]:
            pact = _PACT_BEFORE.search(sentence[:hit.start])
            return pact is not None and ";" not in sentence[pact.end():hit.start]
    return False


_INVESTMENT_NOUN = re.compile(r"investments?$", re.I)
_INVESTED_IN = re.compile(r"\s+(?:in|into)\s+(?:the\s+)?$", re.I)
_INVESTED_BY = re.compile(r"\b(?:by|from)\s+(?:(?:the|its|their|a|an|some|many|several|wealthy|private|major|large|big|"
                          r"leading|state-owned|state-backed|[\w-]+'s)\s+)*$", re.I)


def _nominal_investment_roles(sentence: str, local: list[Mention], hit: Hit) -> tuple[Mention, Mention] | None:
    """"investment in the United States by Korean companies", "investments into Vietnam from Japan": after
    the noun, the in/into-phrase names the recipient and the by/from-phrase the investor."""
    if not _INVESTMENT_NOUN.match(sentence, hit.start, hit.end):
        return None
    after = [m for m in local if m.start >= hit.end and m.code and "+" not in m.code and m.start - hit.end < 120]
    recipient = next((m for m in after if _INVESTED_IN.fullmatch(sentence, hit.end, m.start)), None)
    if recipient is None:
        return None
    investor = next((m for m in after if m.start > recipient.end and m.code != recipient.code
                     and m.start - recipient.end < 60 and not re.search(r"[,;]", sentence[recipient.end:m.start])
                     and _INVESTED_BY.search(sentence, recipient.end, m.start)), None)
    return (investor, recipient) if investor is not None else None


_ARMS_NOUN = re.compile(r"\b(?:" + PLACEHOLDERS["{ARMS}"] + r"|systems?|helicopters|aircraft|artillery|shells)\b", re.I)
_MADE_BY = re.compile(r"(?:-made|-built|-designed|-produced)?\s+(?:(?!(?:with|to|from|for|of|in|on|and|or|the|a|an)\b)"
                      r"[\w-]+\s+){0,3}?" + _ARMS_NOUN.pattern, re.I)
_TO_BEFORE_MENTION = re.compile(r"\b(?:to|for)\s+(?:the\s+)?$", re.I)
_FROM_BEFORE_MENTION = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_TAKE_BEFORE = re.compile(r"\bt(?:ake|akes|ook|aking)\s+$", re.I)
_ARMS_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|while|but|which|who)\b|\b(?:that|which)\s+(?!(?:the\s+)?(?:country|government|army)\b)(?:the\s+)?(?-i:[A-Z])|\b(?:while|whereas|after|before|when)\b")
_RECEIVING = re.compile(r"(?:receiv|obtain|tak(?:e|es|ing) deliver|took deliver|acquir|get\b|gets\b|got\b|getting\b)", re.I)
_INDIRECT_OBJECT = re.compile(r"(?:sen[dt]|sends|sending|giv(?:e|es|en|ing)|gave|promis(?:e|es|ed|ing)|offer(?:s|ed|ing)?|"
                              r"sell(?:s|ing)?|sold|suppl(?:y|ies|ied|ying)|provid(?:e|es|ed|ing))\s+(?:the\s+)?", re.I)
_OWN_ORDER = re.compile(r"'s\s+(?:[\w-]+\s+){0,2}?(?:order|purchase|request|acquisition)s?\b", re.I)


def _arms_roles(sentence: str, local: list[Mention], hit: Hit, source: list[Mention],
                patient: Mention | None) -> tuple[list[Mention], Mention | None, bool]:
    """Who supplies arms to whom: the supplier acts, whatever the grammatical subject.

    "The US will deliver missiles to Japan" (subject supplies, "to" names the recipient), "Japan will
    receive missiles from the US" (a receiving verb: "from" names the supplier), "deliveries of U.S.-made
    jets to Ukraine", "Japan's order of U.S. missiles" (the weapons' origin supplies, the owner of the
    order receives)."""
    stop = _ARMS_CLAUSE_END.search(sentence, hit.end)
    limit = min(hit.end + 80, stop.start() if stop else len(sentence))
    coded = [m for m in local if m.code and "+" not in m.code and hit.start <= m.start < limit
             and not _ATTRIBUTION_BEFORE.search(sentence, max(0, m.start - 40), m.start)]
    # "gave Ukraine howitzers", "sent Kyiv missiles": the first object of a giving verb receives
    indirect = next((m for m in coded if _INDIRECT_OBJECT.fullmatch(sentence, hit.start, m.start)), None)
    origin = next((m for m in coded if m.end <= hit.end and not m.possessive and m is not indirect
                   and _made_before_arms(sentence, m, hit)), None)
    to = indirect or next((m for m in coded if m.start >= hit.start and _TO_BEFORE_MENTION.search(sentence, max(0, m.start - 12), m.start)),
              None)
    owner = next((m for m in coded if m.end <= hit.end and m.possessive and _OWN_ORDER.match(sentence, m.end)), None)
    supplier = next((m for m in coded if _FROM_BEFORE_MENTION.search(sentence, max(0, m.start - 12), m.start)), None)
    receiving = bool(_RECEIVING.match(sentence, hit.start) or _TAKE_BEFORE.search(sentence, max(0, hit.start - 10), hit.start))
    if supplier is None and not receiving:
        supplier = source[-1] if source and origin is None else origin
    recipient = to or owner or (source[-1] if source and (receiving or supplier is not None
                                                          and supplier.code != source[-1].code) else None)
    if supplier is None or recipient is not None and supplier.code == recipient.code:
        # "Japan will receive missiles next year, the Pentagon said": the target found later supplies
        return source, patient, receiving and supplier is None
    return [supplier], recipient if recipient is not None else patient, False


def _made_before_arms(sentence: str, mention: Mention, hit: Hit) -> bool:
    """"U.S. missiles", "U.S.-made F-16 jets", "American air-defence systems": the mention names where the
    weapons come from."""
    return _MADE_BY.match(sentence, mention.end, hit.end) is not None


def _owns_date(hits: list[Hit], hit: Hit, d: DateMention, sentence: str = "") -> bool:
    """A date belongs to the nearest trigger in its comma segment ("raised the tariff to 35% on Aug. 1,
    blaming Ottawa": the raise, not the blame); triggers of one type share their dates."""
    def distance(h: Hit) -> int:
        gap = max(d.start - h.end, h.start - d.end, 0)
        if h.start >= d.end and _REASON_BEFORE.search(sentence, max(0, h.start - 60), h.start):
            gap += 200  # "imposed sanctions on X in 2020 over the same purchase": the reason names an earlier act
        return gap + (60 if "," in sentence[min(d.end, h.end):max(d.start, h.start)] else 0)
    nearest = min(hits, key=distance)
    return nearest.trigger.event_type == hit.trigger.event_type


def _nearest_hit(hits: list[Hit], amount: Amount, sentence: str = "") -> Hit:
    """The trigger an amount belongs to: the nearest one that takes that kind of amount, in its own clause
    ("Seoul pledged $350bn in investment, while Washington cut tariffs to 15%")."""
    def takes(hit: Hit) -> bool:
        t = hit.trigger
        if amount.unit == "percent":
            return t.mode in TARIFF_MODES or t.mode == "retaliation" or t.event_type in PERCENT_TYPES
        if amount.unit == "percent_gdp":
            return t.event_type == "MOBILIZE"
        if t.event_type == "AGREE":
            return _deal_value(sentence, hit, amount)
        return t.event_type in MONEY_TYPES or t.event_type == "MOBILIZE"
    fitting = [h for h in hits if takes(h)] or hits
    if len(fitting) == 1:
        return fitting[0]
    spans = _rel_spans(sentence)
    return min(fitting, key=lambda h: max(amount.start - h.end, 2 * (h.start - amount.end), 0)
               + (300 if _AMOUNT_CLAUSE_BREAK.search(sentence, min(amount.end, h.end), max(amount.start, h.start)) else 0)
               + (400 if spans and _across_relative(spans, amount.start, h.start) else 0))


def _pick_date(sentence: str, dates: list[DateMention], hit: Hit, planned: bool,
               published: date | None, recent_only: bool = False) -> DateMention | None:
    usable = [d for d in dates if not d.is_bound and (planned or not d.is_future) and d.date is not None
              and not _other_clause_date(sentence, hit, d)
              and not (d.weak and published is not None and d.date.year < published.year - 1)]
    # (an old bare year before a noun names the thing, not when the act happened: "breach the 1977 treaty")
    if recent_only and published is not None:
        # a planned action is not dated well before publication ("would drop the levy it imposed in August")
        usable = [d for d in usable if d.is_future or (published - d.date).days <= 31 and d.precision == "day"
                  or d.precision != "day" and d.date.year >= published.year and (d.date.month >= published.month or d.precision == "year")]
    strong = usable
    if not strong:
        return None

    def cost(d: DateMention) -> int:
        distance = max(d.start - hit.end, hit.start - d.end, 0)
        between = sentence[min(d.end, hit.end):max(d.start, hit.start)]
        if d.end <= hit.start and _RELATIVE_CLAUSE.search(sentence[:d.start]) and "," in between:
            distance += 200  # "Takaichi, who took office on Oct. 21, held talks ..."
        elif "," in between and not re.match(r",?\s+when\b", sentence[d.end:d.end + 8]):
            distance += 60  # another comma segment ("Abe, assassinated in 2022, was the first to meet")
        if d.weak:
            distance += 40  # a bare year modifier ("his 2016 election victory") is a weaker cue
        return distance
    return min(strong, key=cost)


_OTHER_CLAUSE_AFTER = re.compile(r"[;]|\b(?:since|which|who|whose)\b|\bthat\s+(?:had\s+been|has\s+been|have\s+been|was|were|had|it|they|he|she)\b")


def _other_clause_date(sentence: str, hit: Hit, d: DateMention) -> bool:
    """Does the date sit in another clause than the trigger's: after it across a ';', or in a since- or
    relative clause ("their first meeting since Trump took office in January", "a pact, which took effect in May")?"""
    return d.start >= hit.end and bool(_OTHER_CLAUSE_AFTER.search(sentence, hit.end, d.start))


def _resolve_shifts(dates: list[DateMention], anchor: date | None) -> list[DateMention]:
    resolved = []
    for d in dates:
        if d.shift_days is not None:
            if anchor is None:
                continue
            d = DateMention(d.start, d.end, d.text, anchor + timedelta(days=d.shift_days), "day")
        resolved.append(d)
    return resolved


def _shift(items, offset: int):
    """Copies of frozen dataclass items with offsets made relative (faster than dataclasses.replace)."""
    shifted = []
    for item in items:
        copy = object.__new__(type(item))
        fields = dict(item.__dict__)
        fields["start"] -= offset
        fields["end"] -= offset
        copy.__dict__.update(fields)
        shifted.append(copy)
    return shifted


def _within(items, sentence: Sentence, starts: list[int] | None = None):
    starts = starts if starts is not None else [item.start for item in items]
    lo = bisect_left(starts, sentence.start)
    hi = bisect_left(starts, sentence.end)
    return [item for item in items[lo:hi] if item.end <= sentence.end]


def code_sentence(sentence: Sentence, masked: str, text: str, mentions: list[Mention], dyad: tuple[str, ...],
                  published: date | None, anchor: date | None, previous_subject: Mention | None,
                  paragraph_date: DateMention | None = None, hits: list[Hit] | None = None,
                  dates: list[DateMention] | None = None,
                  amounts: list[Amount] | None = None,
                  mention_starts: list[int] | None = None) -> list[tuple[ExtractedEvent, bool, int]]:
    """Candidate events of one sentence: (event, date_is_implicit, trigger priority).

    `hits`, `dates` and `amounts` may be passed in (found once over the whole
    article, offsets relative to the article); otherwise they are found here.
    """
    raw = text[sentence.start:sentence.end]
    masked_sentence = masked[sentence.start:sentence.end]
    hits = _shift(hits, sentence.start) if hits is not None else find_hits(masked_sentence)
    if not hits or sentence_is_eventless(raw):  # most sentences have no trigger: the cheap test first
        return []
    local = _shift(_within(mentions, sentence, mention_starts), sentence.start)
    go_betweens: set[str | None] = set()
    if ("by" in raw or "sidelines" in raw or "mediation" in raw or "auspices" in raw) and _THIRD_PARTY_CUE.search(raw):
        # a mediator or a venue is not a party ("a truce brokered by Qatar", "on the sidelines of the G20")
        spans = _third_party_spans(raw)
        parties = [m for m in local if not _THIRD_PARTY_BEFORE.search(raw[max(0, m.start - 60):m.start])
                   and not (any(lo <= m.start < hi for lo, hi in spans) and not _subject_of_a_hit(raw, m, hits))]
        go_betweens = {m.code for m in local if m not in parties} - {m.code for m in parties}
        local = parties
    amounts = _shift(amounts, sentence.start) if amounts is not None else find_amounts(raw)
    found = _shift(dates, sentence.start) if dates is not None else find_dates(raw, published)
    dates = _resolve_shifts(found, anchor)
    candidates = []
    independent: dict[int, int | None] = {}  # id(event) -> id of the event it repeats for another target
    rate_splits: set[int] = set()  # events that repeat an action for another rate in a coordinated list
    topics = None
    shared_subject: dict[int, tuple[Mention, ...]] = {}
    shared_target: dict[int, str] = {}
    owners = [_nearest_hit(hits, a, raw) for a in amounts] if amounts and hits else []
    absent_cue = "without" in raw  # "the summit ended without the U.S. president": no party
    framework: set[int] = set()  # AGREE hits naming the deal another act is done under
    agreed_to: dict[int, int] = {}  # index of an "agreed to" hit -> index of the hit naming the act agreed
    hit_of: dict[int, int] = {}  # id(event) -> index of its hit
    # a denial needs one of these words in the sentence (the masked sentence's letters are the raw one's): most have none
    denial_words = may_match(_DENIAL_WORDS, raw)
    expected_words = may_match(_EXPECTED_WORDS, masked_sentence)  # the same for the rules below
    stopped_words = may_match(_STOPPED_WORDS, masked_sentence)
    attribution = may_match(_ATTRIBUTION_WORDS, raw)
    for i, hit in enumerate(hits):
        floor = hits[i - 1].end if i else 0
        ceiling = hits[i + 1].start if i + 1 < len(hits) else len(raw)
        trigger = hit.trigger
        if trigger.event_type == "SANCTION" and trigger.mode in TARIFF_MODES:
            if _deal_context_in_clause(masked_sentence, hit):
                trigger = replace(trigger, event_type="CONCEDE")
            elif re.match(r"fac", masked_sentence[hit.start:hit.end], re.I):
                continue  # "goods now face an 18% tariff" states a level, not an action
        if trigger.event_type != "THREATEN" and any(
                h.trigger.event_type == "THREATEN" and h.end <= hit.start and hit.start - h.end < 160
                and _THREAT_HEAD.match(masked_sentence[h.start:h.end])
                and not _THREAT_SCOPE_BREAK.search(masked_sentence[h.end:hit.start]) for h in hits[:i]):
            continue  # "threatened to impose tariffs and to restrict exports": threatened, not done
        if trigger.event_type != "REQUEST" and any(
                h.trigger.event_type == "REQUEST" and h.end <= hit.start and _REQUEST_HEAD.match(masked_sentence[h.start:h.end])
                and _ASKED_ACT_GAP.match(masked_sentence[h.end:hit.start]) for h in hits[:i]):
            continue  # "pressed Taipei to spend more and to buy weapons": the purchase is asked for, not made
        if trigger.event_type == "CONSULT" and re.fullmatch(r"called on", masked_sentence[hit.start:hit.end], re.I) and \
                _CALLED_ON_TO.match(masked_sentence, hit.end):
            continue  # "called on the militia to report for duty" asks, it does not visit
        if _HABIT_RELATIVE.search(masked_sentence, max(0, hit.start - 30), hit.start) and \
                _HABIT_VERB.match(masked_sentence, hit.start):
            continue  # "The United States, which sells most of Saudi Arabia's weapons, did not comment"
        if i and hits[i - 1].trigger.event_type == trigger.event_type and \
                re.match(r"[a-z]+ing\b", masked_sentence[hit.start:hit.end]) and \
                _RESTATING_PARTICIPLE.match(masked_sentence[hits[i - 1].end:hit.start]):
            continue  # "cut diplomatic ties with Belgium, expelling its diplomats": one act
        if _inside_name(masked_sentence, hit):
            continue  # "the Freedom Support Act", "the Saudi Press Agency": a name, not an act
        if trigger.event_type == "THREATEN" and _INANIMATE_THREAT.search(masked_sentence[:hit.start]):
            continue  # "controls that had threatened to reignite the trade war"
        if trigger.event_type == "CONSULT" and re.match(r"meets?$|met$", masked_sentence[hit.start:hit.end], re.I) and \
                _MEET_TARGET.match(masked_sentence[hit.end:]):
            continue  # "would meet its spending targets"
        if trigger.event_type == "CONSULT" and expected_words and _EXPECTED_AT.search(masked_sentence[:hit.end]):
            continue  # "both men are expected at the summit"
        if trigger.mode == "budget_request":
            if not _DEFENCE_REQUESTER.search(masked_sentence, max(0, hit.start - 60), hit.start):
                continue  # "Kenya requested $1bn from the IMF" asks for help; a defence ministry's request is a budget
            trigger = replace(trigger, mode="defence_spending")
        if trigger.mode == "entry_into_force" and not _PACT_BEFORE.search(masked_sentence[:hit.start]):
            continue  # "the tariffs took effect" is the tariff entry's; only a pact's entry into force is AGREE
        if trigger.event_type != "AGREE" and _inside_pact_description(masked_sentence, hits, hit):
            continue  # "a pact allowing forces to deploy ... came into force": the pact, not a deployment
        if trigger.event_type == "THREATEN" and _CONSEQUENCE_THREAT.match(masked_sentence[hit.start:]):
            continue  # "a dispute threatened to derail the ceremony": a risk, not a warning
        if trigger.event_type == "CONSULT" and re.match(r"discuss", masked_sentence[hit.start:hit.end], re.I) and \
                _POSSIBLE_AFTER.match(masked_sentence[hit.end:]):
            continue  # "discussing the possible transfer of ..." is about a hypothetical
        if trigger.event_type == "COOPERATE" and _NOUN_TRIGGER.fullmatch(masked_sentence, hit.start, hit.end) and \
                _STATISTIC_AFTER.match(masked_sentence, hit.end):
            continue  # "China's purchases of U.S. soybeans fell sharply": a statistic, not an act
        if trigger.mode == "purchase" and _TRADE_STATISTIC.search(masked_sentence):
            continue  # "which bought $49bn of American goods last year against exports of ...": a statistic
        if trigger.event_type == "CONCEDE" and trigger.mode in TARIFF_MODES and \
                _RAISE_TO.match(masked_sentence[hit.start:hit.end]) and \
                re.match(r"[^;,]{0,60}?\bto\s+(?:about\s+|nearly\s+)?\d[\d.]*\s?(?:%|percent)", masked_sentence[hit.end:]):
            trigger = replace(trigger, event_type="SANCTION")  # "lifted the levy to 145%" raises it
        if trigger.event_type == "SANCTION" and trigger.mode in TARIFF_MODES and \
                _TARIFF_LETTER.match(masked_sentence, hit.end) and re.match(r"announc|set", masked_sentence[hit.start:hit.end], re.I):
            trigger = replace(trigger, event_type="THREATEN")  # "announced the 50% rate in a July 9 letter": a warning
        if trigger.event_type == "AGREE" and trigger.mode is None and i + 1 < len(hits) and \
                re.fullmatch(r"agree[ds]?", masked_sentence[hit.start:hit.end], re.I) and \
                hits[i + 1].trigger.event_type in _AGREED_ACTS and \
                _AGREED_TO.fullmatch(masked_sentence[hit.end:hits[i + 1].start]):
            agreed_to[i] = i + 1  # "agreed to buy LNG": dropped below if the purchase stands for the same pair
        if trigger.event_type == "AGREE" and _FRAMEWORK_BEFORE.search(masked_sentence, max(0, hit.start - 90), hit.start):
            framework.add(i)  # "will buy rice under a deal signed on Friday": the deal frames the purchase
        if trigger.event_type == "AGREE" and trigger.mode is None and \
                re.fullmatch(r"agreed", masked_sentence[hit.start:hit.end], re.I) and \
                _THING_AGREED.search(masked_sentence[max(0, hit.start - 40):hit.start]):
            continue  # "the spending target agreed at the summit": a participle naming a thing agreed before
        if trigger.mode == "protest" and i and re.search(r"\bin\s+$", masked_sentence[max(0, hit.start - 4):hit.start]):
            continue  # "recalled its ambassador in protest": the manner of the act before, not an extra accusation
        if trigger.event_type == "CONSULT" and _ASKED_FOR_BEFORE.search(masked_sentence, max(0, hit.start - 40), hit.start):
            continue  # "China's request for talks was rejected": talks asked for, not held
        if trigger.event_type == "AGREE" and _INTO_LAW.match(masked_sentence, hit.end):
            continue  # "signed the defence package into law": domestic legislation, not a pact
        if trigger.event_type == "AGREE" and trigger.mode is None and (
                _AGREED_OPINION.match(masked_sentence, hit.start) or _AGREED_WITH_VIEW.match(masked_sentence, hit.start)):
            continue  # "agreed that China's actions were destabilising", "agreed with Rome's view": a shared view, not a pact
        if trigger.event_type == "CONSULT" and any(h.trigger.mode == "boycott" for h in hits):
            continue  # "the summit was boycotted by the United States": no meeting with the boycotting state
        if trigger.event_type == "REQUEST":
            verb = _ADDRESSING_VERB.match(masked_sentence, hit.start)
            if verb and _GENERIC_ADDRESSEE.match(masked_sentence, verb.end()):
                continue  # "called on partners to increase pressure": no one state is asked
            if re.match(r"ask", masked_sentence[hit.start:hit.end], re.I) and (
                    _QUESTION_AFTER.match(masked_sentence, hit.start) or _QUESTION_BEFORE.search(masked_sentence[:hit.start])):
                continue  # "when asked about plans to ...", "asked reporters whether to": a question, not a request
        left = clause_before(masked_sentence, hit.start)
        if trigger.event_type != "REJECT" and (is_blocked(left) or denial_words and (
                                               _DENIAL.search(masked_sentence[:hit.start]) or _DENIAL.search(raw[:hit.start]))
                                               or modal_carries_over(masked_sentence, hit.start, left)):
            continue
        if trigger.event_type == "CONCEDE" and re.search(r"\b(?:a|an|the)\s+$", masked_sentence[max(0, hit.start - 5):hit.start],
                                                         re.I) and re.match(r"lower|reduced|cut", masked_sentence[hit.start:], re.I):
            continue  # "with a lower 10% rate for energy": an adjective, not an easing
        if trigger.event_type == "REJECT" and re.search(r"\b(?:if|unless)\b", left, re.I):
            continue  # "... if Bogota kept refusing": the condition of a warning
        if trigger.event_type in _THREATENABLE and re.search(r"\b(?:would|will)\b", left) and (
                _WARNING_BEFORE.search(masked_sentence[:hit.start])
                or _CONDITION_AFTER.search(masked_sentence[hit.end:])):
            # "warned that he would impose tariffs of 100% if Moscow did not agree": a threat, with its amount
            trigger = replace(trigger, event_type="THREATEN")
        simulated = trigger.event_type == "ASSAULT" and _SIMULATED_BEFORE.search(masked_sentence[max(0, hit.start - 24):hit.start])
        if simulated and (not re.match(r"(?:a|an|any)\b", simulated.group(0), re.I)
                          or _DRILL_WORDS.search(masked_sentence, max(0, hit.start - 100), min(len(masked_sentence), hit.end + 60))):
            continue  # drills that "simulated strikes on ports" attack no one ("A Russian drone attack on Kyiv" does)
        if trigger.event_type in {"COOPERATE", "CONSULT"} and stopped_words and \
                _STOPPED_BEFORE.search(masked_sentence[max(0, hit.start - 60):hit.start]):
            continue  # "suspended purchases of", "postponed the summit": the opposite of the action
        if trigger.event_type in {"COOPERATE", "AID"} and _NOMINAL_BEFORE.search(masked_sentence[:hit.start]) and \
                not _MONEY_OF.search(masked_sentence, max(0, hit.start - 60), hit.start):
            continue  # "talks over investment" names no action; "$2 billion of investment" does
        if trigger.event_type == "CONSULT" and _TO_BEFORE.search(masked_sentence[:hit.start]) and \
                re.search(r"\b(?:plan|plans|planned|due|set|hopes?|wants?)\s+to\s+$", masked_sentence[:hit.start]):
            continue
        if trigger.event_type == "CONSULT" and _BID_TO_OPEN.search(masked_sentence, max(0, hit.start - 60), hit.start):
            continue  # "backs Kyiv's bid to open accession talks": talks sought, not held
        source = _source(raw, local, hit, floor, dyad)
        if trigger.subject_inside:
            source = _relative_subject(raw, local, hit)
            if not source:
                continue  # "the drills that were held ...": no actor named after "that"
        inherited_target = None
        if i and shared_subject.get(i - 1) and _VERB_COORDINATION.search(masked_sentence, max(0, hit.start - 30), hit.start):
            source = list(shared_subject[i - 1])  # "India met Japanese officials and signed a pact": India signs
        elif i and shared_subject.get(i - 1) and _PARTICIPLE_ADJUNCT.match(masked_sentence[hit.start:hit.end]) and \
                re.search(r",\s+$", masked_sentence[max(0, hit.start - 3):hit.start]):
            source = list(shared_subject[i - 1])  # "raised the tariff on Canadian goods, blaming Ottawa": the raiser blames
        elif i and shared_subject.get(i - 1) and _NOMINAL_MONEY.match(masked_sentence, hit.start) and \
                _OBJECT_COORDINATION.search(masked_sentence, hits[i - 1].end, hit.start):
            source = list(shared_subject[i - 1])  # "announced aid for Kyiv, as well as a $2bn loan": one giver
            inherited_target = shared_target.get(i - 1)  # ... and one receiver
        if not source and trigger.event_type == "CONSULT" and _FRONTED_PHRASE.match(raw):
            comma = raw.find(",")
            if comma > hit.end:
                subject = next((m for m in local if m.start > comma and m.code and "+" not in m.code), None)
                if subject is not None and _SUBJECT_GAP.match(raw, comma, subject.start):
                    source = [subject]  # "After two calls with Trump, Prime Minister Trudeau said ...": Trudeau called
        if _FRONTED_PARTICIPLE.match(raw) and _FRONTED_PARTICIPLE.match(raw).end() >= hit.end:
            # a name inside "Having warned Kabul ...," is the participle's object; its subject follows the comma
            comma = _FRONTED_PARTICIPLE.match(raw).end() - 1
            subject = next((m for m in local if m.start > comma and m.code and "+" not in m.code), None)
            if subject is not None and _SUBJECT_GAP.match(raw, comma, subject.start):
                source = [subject]  # "Having accused Rwanda of ..., Congo recalled ...": Congo accused
        if not source and len(dyad) == 2 and _AGENTLESS_PASSIVE.search(masked_sentence[hit.start:hit.end]) and \
                not _by_agent_follows(masked_sentence, hit):
            # "Tariffs of 50% were imposed on Indian goods": with no agent named, the article's other main party acts,
            # but only when the sentence names one main party as the target and the other is named nearby
            named = [m for m in local if m.code in dyad and m.kind != "city"]
            if named and len({m.code for m in named}) == 1:
                other = dyad[1] if named[0].code == dyad[0] else dyad[0]
                if partner_nearby(mentions, sentence.start, sentence.end, other):
                    source = [Mention(hit.start, hit.start, other, other, other, "country")]
        if any(m.kind in NON_STATE_KINDS for m in source):
            continue  # Hamas, the Houthis ...: the gold guide has no code for non-state armed groups
        if source and source[-1].code is None or not source and _ANAPHORIC_START.match(raw):
            source = [previous_subject] if previous_subject is not None else []
        source = [m for m in source if m is not None and m.code]
        shared_subject[i] = tuple(source)
        patient: Mention | None = None
        trigger_text = raw[hit.start:hit.end]
        agent = (_AGENT_AFTER_BY.match(raw, hit.end) if trigger_text.endswith(" by") else
                 _PASSIVE_AGENT.match(raw, hit.end) if _PASSIVE_TRIGGER.search(trigger_text) else None)
        if agent:
            by_mention = [m for m in local if m.code and "+" not in m.code and agent.end() <= m.start <= agent.end() + 6]
            if by_mention:
                # "sales to Taipei were approved by the State Department": the agent acts
                patient = next((m for m in reversed(source) if m.code != by_mention[0].code), None) or next(
                    (m for m in reversed(local) if m.end <= hit.start and m.code and m.code != by_mention[0].code
                     and "+" not in m.code), None)
                source = [by_mention[0]]
        elif source and trigger.mode == "investment_pledge" and not source[-1].possessive and \
                _MODIFIER_GAP.match(raw[source[-1].end:hit.start]):
            earlier = [m for m in local if m.end <= source[-1].start and m.code and "+" not in m.code
                       and m.code != source[-1].code and m.start >= floor and not _is_locative(raw, m)]
            if earlier and not re.search(r"[;:]|\b(?:which|who|while|but|after|when)\b", raw[earlier[-1].end:source[-1].start]):
                # "Tokyo pledged $550 billion in U.S. investments": the modifier names the recipient
                patient, source = source[-1], [earlier[-1]]
        if trigger.mode == "investment_pledge":
            roles = _nominal_investment_roles(raw, local, hit)
            if roles is not None:
                source, patient = [roles[0]], roles[1]  # "investment in the US by Korean firms": the firms invest
        if trigger.event_type == "ACCUSE" and _REPORTED_ACCUSATION.match(masked_sentence, hit.start):
            # "Vietnam said China's rules violated its sovereignty": the accused is named inside the report
            named = [m for m in local if hit.start < m.start < hit.end and m.code and "+" not in m.code
                     and m.code not in {c for m2 in source for c in _codes_of(m2)}]
            if not named:
                continue  # "said the sale interfered in China's affairs": no accused named in the report
            patient = named[0]
        if trigger.event_type in SYMMETRIC_TYPES:
            pair = _between_pair(raw, local, hit)
            if pair is not None:
                source = pair  # "talks between Armenia and Azerbaijan", "a truce brokered by Qatar between X and Y"
        receiver_acts = False
        if trigger.mode == "arms_transfer":
            source, patient, receiver_acts = _arms_roles(raw, local, hit, source, patient)
        if not source:
            continue
        source_codes = tuple(dict.fromkeys(c for m in source for c in _codes_of(m)))
        symmetric = len(source_codes) > 1
        # the subject of the next clause ("Chile praised the accord, and Peru condemned ...") is not a target
        next_clause = None
        if i + 1 < len(hits):
            brk = _NEXT_CLAUSE_BREAK.search(raw, hit.end, hits[i + 1].start)
            next_clause = brk.start() if brk else None
        after = [m for m in local if hit.start <= m.start < ceiling and m.code and m.code not in source_codes
                 and "+" not in m.code and m.start >= source[-1].end
                 and (next_clause is None or m.start < next_clause)
                 and not (trigger.event_type not in _VENUE_SENSITIVE and (_is_locative(raw, m) or m.kind == "city"))
                 and not (absent_cue and _ABSENT_BEFORE.search(raw, max(0, m.start - 30), m.start))
                 and not (trigger.event_type in _GOODS_TYPES and _RELATIVE_SUBJECT.search(raw, max(0, m.start - 12), m.start))
                 and not (attribution and _ATTRIBUTION_BEFORE.search(raw, max(0, m.start - 40), m.start))]
        if after and after[0].code not in dyad and source_codes[0] in dyad and after[0].start >= hit.end:
            # (a mention inside the trigger, "urged the United States to", is its object and stays)
            partner = [m for m in local if m.start >= hit.start and m.code in dyad and m.code not in source_codes]
            if partner:
                after = partner
        first_after = next((m for m in local if hit.start <= m.start < ceiling and m.start >= source[-1].end
                            and (m.code or m.kind == "nonstate") and not _HELD_BY.match(raw, m.end)), None)
        if first_after is not None and first_after.kind == "nonstate":
            venue = next((m for m in after if m.start > first_after.end and _is_locative(raw, m)), None) \
                if trigger.event_type == "ASSAULT" else None
            if venue is None:
                continue  # the target is a non-state armed group, which has no code
            after = [venue]  # "a strike on Hamas leaders in Doha" strikes the country it hits
        if symmetric and trigger.event_type in _ASKER_FIRST | _JOINT_MEASURES and patient is None:
            if after:
                symmetric = False  # "France and Germany condemned Russia": co-accusers, and Russia is accused
        if trigger.event_type == "REQUEST" and patient is None and after and after[0].kind == "adjective" and \
                _NO_ADDRESSEE_REQUEST.match(masked_sentence, hit.start) and \
                not _ADDRESSEE_NOUN.match(raw, after[0].end):
            continue  # "demanded guarantees ... over imports of Russian gas": goods named, no state addressed
        if trigger.event_type == "REQUEST" and patient is None:
            verb = _ADDRESSING_VERB.match(masked_sentence, hit.start)
            addressee = next((m for m in local if verb and m.code and m.start >= verb.end()
                              and _DETERMINER_ONLY.fullmatch(raw, verb.end(), m.start)), None)
            if addressee is not None and addressee.code in source_codes:
                continue  # "Korea's carmakers urged Seoul to speed up talks": a plea to one's own government
        if trigger.event_type == "REQUEST" and re.match(r"insist", masked_sentence[hit.start:hit.end], re.I) and \
                _ASSERTED_THAT.match(masked_sentence, hit.end):
            continue  # "insisted that standards would not be diluted": an assertion, not a demand
        target: str | None = None
        target_mention: Mention | None = None
        single = False  # an action with no named counterpart (an organisation's summit, aid to "member states")
        if symmetric:
            target = source_codes[1]
        elif patient is not None:
            target_mention, target = patient, patient.code
        elif trigger.event_type == "CONSULT" and len(source) == 1 and source[0].kind == "org" and \
                _GATHERING.fullmatch(trigger_text) and not (after and re.fullmatch(r"[^,;]*", raw[hit.end:after[0].start])):
            single = True  # "G7 leaders wrapped up their summit, ...": the organisation's own meeting
        elif after:
            target_mention = after[0]
            target = target_mention.code
        elif trigger.event_type in _GENERIC_RECIPIENT_TYPES and _GENERIC_RECIPIENT.match(masked_sentence, hit.end):
            single = True  # "would provide aid to member states": no one counterpart
        else:
            others = [m for m in local if m.code and "+" not in m.code and m.code not in source_codes
                      and (next_clause is None or m.start < next_clause)
                      and not (m.kind == "role" and _is_locative(raw, m))  # "at the ministry", "at the alliance's summit"
                      and not (m.kind == "city" and trigger.event_type not in _VENUE_SENSITIVE)  # "to meet in the city of Kazan"
                      and not (absent_cue and _ABSENT_BEFORE.search(raw, max(0, m.start - 30), m.start))
                      and not (trigger.event_type in _GOODS_TYPES and m.start > hit.end
                               and _RELATIVE_SUBJECT.search(raw, max(0, m.start - 12), m.start))
                      and not (attribution and _ATTRIBUTION_BEFORE.search(raw, max(0, m.start - 40), m.start))]
            if others:
                in_dyad = [m for m in others if m.code in dyad]
                pick = (in_dyad or others)
                target_mention = min(pick, key=lambda m: abs(m.start - hit.start))
                target = target_mention.code
            elif len(dyad) == 2 and source_codes[0] in dyad and partner_nearby(
                    mentions, sentence.start, sentence.end, dyad[1] if source_codes[0] == dyad[0] else dyad[0]):
                target = dyad[1] if source_codes[0] == dyad[0] else dyad[0]
                if target in go_betweens:
                    target = None  # the sentence names that actor as the mediator, not a party
        if inherited_target and inherited_target not in source_codes and (
                target_mention is None or "," in raw[hit.end:max(hit.end, target_mention.start)]):
            target, target_mention = inherited_target, None
        if target is not None:
            shared_target[i] = target
        if trigger.event_type == "CONSULT" and _PERSON_HOST.match(masked_sentence[hit.start:hit.end]) and (
                target_mention is None or target_mention.kind != "person"):
            continue
        if trigger.event_type == "MOBILIZE" and trigger.mode == "deployment" and target_mention is not None and \
                target_mention.start >= hit.start and _DRILL_TARGET.search(raw[max(0, target_mention.start - 16):target_mention.start]):
            symmetric = False  # "drills around Taiwan" are aimed at Taiwan
        elif trigger.event_type == "MOBILIZE" and symmetric and len(source) > 1 and \
                _JOINT_DRILL.search(masked_sentence, hit.start, min(len(masked_sentence), hit.end + 40)):
            pass  # "Egypt and Greece began joint naval drills": one exercise held together
        elif trigger.event_type in SINGLE_ACTOR_TYPES and trigger.mode not in {"boycott", "demonstration"}:
            # a boycott is of someone's event; a demonstration at an embassy is against its state
            target, target_mention, symmetric = None, None, False
        elif target is None and not single:
            continue
        actor1 = source[0] if not symmetric or len(source) > 1 else source[0]
        code1 = source_codes[0]
        name1 = actor1.name or actor1.text
        name2 = target_mention.name or target_mention.text if target_mention else None
        if symmetric and len(source) > 1:
            name2 = source[1].name or source[1].text
        if receiver_acts and not symmetric and target is not None or trigger.mode in TARIFF_MODES and not symmetric \
                and source[-1] in local and _GOODS_AFTER.match(raw[source[-1].end:]):
            code1, target, name1, name2 = target, code1, name2, name1
        lo = hits[i - 1].start if i else 0
        hi = hits[i + 1].end if i + 1 < len(hits) else len(raw)
        owned = [a for a, owner in zip(amounts, owners) if owner is hit]
        amount = _pick_amount(raw, owned, hit, lo, hi)
        if trigger.needs_amount and (amount is None or not amount.is_money):
            continue
        status = "completed" if trigger.mode == "entry_into_force" else status_of(left, raw, trigger.event_type)
        owned_dates = [d for d in dates if _owns_date(hits, hit, d, raw)]
        when_dates = [d for d in dates if d.end <= hit.start and re.match(r",?\s+when\b", raw[d.end:d.end + 8])]
        if when_dates:
            owned_dates = when_dates[-1:]  # "in May, when Washington cut ..." dates the when-clause
        forward = status in {"planned", "pledged"}
        if forward:
            # "would provide aid worth EUR5bn this year": the period of the plan, not the day it was announced
            owned_dates = [d for d in owned_dates if not (d.start >= hit.end and _PERIOD_OF_PLAN.match(d.text))]
        chosen = _pick_date(raw, owned_dates, hit, forward, published, status == "planned")
        if chosen is None:
            chosen = _pick_date(raw, [d for d in dates if _REPORTING_FRAME.search(raw[:d.start])],
                                hit, forward, published, status == "planned")
        if chosen is None and status == "planned" and trigger.event_type == "CONSULT":
            event_date, precision, implicit = None, None, True
        elif chosen is None:
            event_date, precision, implicit = published, ("day" if published else None), True
        else:
            event_date, precision, implicit = chosen.date, chosen.precision, False
        if implicit and status != "planned" and paragraph_date is not None and _PAST_TENSE.match(
                masked_sentence[hit.start:hit.end]):
            event_date, precision, implicit = paragraph_date.date, paragraph_date.precision, False
        if chosen is not None and chosen.is_future:
            status = "planned"
        confidence = 0.55 + (0.1 if target_mention is not None or symmetric else 0) + (0.1 if not implicit else 0) \
            + (0.1 if amount is not None else 0)
        event = ExtractedEvent(
            event_type=trigger.event_type,
            actor1_code=code1, actor1_name=name1,
            actor2_code=target, actor2_name=name2,
            sentence=raw, char_start=sentence.start, char_end=sentence.end,
            mode=trigger.mode, is_symmetric=symmetric or trigger.event_type in SYMMETRIC_TYPES and target is not None,
            event_date=event_date, date_precision=precision,
            amount_value=amount.value if amount else None, amount_unit=amount.unit if amount else None,
            amount_text=amount.text if amount else None,
            status=status, topics=topics if topics is not None else (topics := topics_of(raw)), confidence=round(min(confidence, 0.95), 2),
        )
        if trigger.event_type in SINGLE_ACTOR_TYPES and len(source) > 1 and trigger.mode != "boycott" and not symmetric:
            # "Sweden and Finland both pledged to spend 3.5% of GDP": each country's own build-up
            event = replace(event, is_symmetric=False)
            candidates.append((event, implicit, trigger.priority))
            for other in source[1:]:
                if other.code and other.code != code1 and "+" not in other.code:
                    extra = replace(event, actor1_code=other.code, actor1_name=other.name or other.text)
                    independent[id(extra)] = id(event)
                    candidates.append((extra, implicit, trigger.priority))
        else:
            candidates.append((event, implicit, trigger.priority))
        hit_of[id(event)] = i
        if amount is not None and amount.unit == "percent" and trigger.mode in TARIFF_MODES:
            for other in _coordinated_rates(raw, owned, amount):
                # "15% on coal and 10% on crude oil": one action per rate
                extra = replace(event, amount_value=other.value, amount_unit=other.unit, amount_text=other.text)
                independent[id(extra)] = id(event)
                rate_splits.add(id(extra))
                candidates.append((extra, implicit, trigger.priority))
        if amount is not None and amount.is_money and trigger.event_type in _GOODS_TYPES:
            for other in _coordinated_sums(raw, owned, amount, local, {code1, target}):
                # "to buy $15 billion of energy, $4 billion of farm goods and ...": one purchase per sum
                extra = replace(event, amount_value=other.value, amount_unit=other.unit, amount_text=other.text)
                independent[id(extra)] = id(event)
                rate_splits.add(id(extra))
                candidates.append((extra, implicit, trigger.priority))
        if i and source[0] in local and source[0].start >= hits[i - 1].end and \
                (source[0].kind != "group" or trigger.event_type in SYMMETRIC_TYPES) and \
                _NEW_CLAUSE.search(raw[hits[i - 1].end:source[0].start]):
            independent[id(event)] = None  # "..., and the two governments signed ...": its own clause and subject
        if target_mention is not None and not symmetric and target_mention.start >= hit.end and \
                code1 == source_codes[0] and _TARGET_PREPOSITION.search(raw[hit.end:target_mention.start]):
            for other in _coordinated_targets(raw, local, target_mention, source_codes):
                # "tariffs on goods from Mexico and Canada": one event per target, if the first one stands
                extra = replace(event, actor2_code=other.code, actor2_name=other.name or other.text)
                independent[id(extra)] = id(event)
                candidates.append((extra, implicit, trigger.priority))
    if framework:
        # "Manila will buy rice under a deal signed on Friday": one purchase, not an extra AGREE of the same pair
        acted = {frozenset((e.actor1_code, e.actor2_code)) for e, _, _ in candidates if e.event_type in _FRAMED_ACTS}
        candidates = [c for c in candidates if not (hit_of.get(id(c[0])) in framework and c[0].event_type == "AGREE"
                                                    and frozenset((c[0].actor1_code, c[0].actor2_code)) in acted)]
    if agreed_to:
        # "South Korea agreed to buy $100bn of U.S. LNG", "X and Y agreed to lend ...": the act agreed is the event
        acts = {(hit_of.get(id(e)), frozenset((e.actor1_code, e.actor2_code))) for e, _, _ in candidates}
        candidates = [c for c in candidates if not (hit_of.get(id(c[0])) in agreed_to and (
            agreed_to[hit_of[id(c[0])]], frozenset((c[0].actor1_code, c[0].actor2_code))) in acts)]
    return _one_owner_per_amount(_one_per_type(candidates, independent, rate_splits))


_RATE_OBJECT = re.compile(r"\s+(?:(?:tariffs?|dut(?:y|ies)|levy|levies|rates?)\s+)?on\s+[^;,%]{1,60}?(?:,\s*and|,|\s+and|\s+and\s+(?:a|an|another))\s+$", re.I)


def _coordinated_rates(sentence: str, amounts: list[Amount], first: Amount) -> list[Amount]:
    """The other rates of a coordinated list after the chosen one ("15% on coal and 10% on crude oil")."""
    found: list[Amount] = []
    last = first
    for other in amounts:
        if other.start <= last.start or other.unit != "percent":
            continue
        if not (_RATE_OBJECT.fullmatch(sentence, last.end, other.start) and re.match(r"\s+on\b", sentence[other.end:])):
            break
        found.append(other)
        last = other
    return found


_SUM_OBJECT = re.compile(r"\s+(?:worth\s+)?(?:of|in)\s+[^;$€£¥%()]{1,60}?(?:,\s*and|,|\s+and)\s+(?:another\s+|a further\s+)?$", re.I)
_SUM_PHRASE_END = re.compile(r"[,;]|\s+and\b")
_OTHER_ACT_NOUN = re.compile(r"\b(?:aid|assistance|loans?|grants?|credit|investments?|financing|funding)\b", re.I)
_SUM_OF_AFTER = re.compile(r"\s+(?:worth\s+)?(?:of|in)\b", re.I)


def _coordinated_sums(sentence: str, amounts: list[Amount], first: Amount, local: list[Mention],
                      parties: set[str | None]) -> list[Amount]:
    """The other sums of a coordinated list of goods after the chosen one ("$15 billion of energy, $4 billion of
    farm goods and ..."): each sum is bought, invested or given on its own, by the same parties (a sum "in aid to
    Syria" after one "in investment in Britain" is another act, and stops the list)."""
    found: list[Amount] = []
    last = first
    for other in amounts:
        if other.start <= last.start or not other.is_money:
            continue
        end = _SUM_PHRASE_END.search(sentence, other.end)
        end = end.start() if end else len(sentence)
        if not (_SUM_OBJECT.fullmatch(sentence, last.end, other.start) and _SUM_OF_AFTER.match(sentence, other.end)
                and _SUM_OF_AFTER.match(sentence, last.end)) or _OTHER_ACT_NOUN.search(sentence, first.end, end) or any(
                last.end <= m.start < end and m.code and m.code not in parties for m in local):
            break
        found.append(other)
        last = other
    return found


_RELATIVE_PRONOUN = re.compile(r"\b(?:that|which|who|whom)\s+(?:the\s+)?$", re.I)


def _relative_subject(sentence: str, local: list[Mention], hit: Hit) -> list[Mention]:
    """The subject of an object relative inside a trigger ("the drills that Russia and Belarus began": Russia
    and Belarus), with its coordinated partners."""
    inside = [m for m in local if hit.start < m.start and m.end < hit.end]
    first = next((m for m in inside if _RELATIVE_PRONOUN.search(sentence, max(hit.start, m.start - 12), m.start)), None)
    if first is None or not first.code or "+" in first.code or first.kind in NON_STATE_KINDS:
        return []
    subject = [first]
    for mention in inside[inside.index(first) + 1:]:
        if not _COORDINATION.match(sentence[subject[-1].end:mention.start]) or not mention.code:
            break
        subject.append(mention)
    return subject


def _coordinated_targets(sentence: str, local: list[Mention], target: Mention,
                         source_codes: tuple[str, ...]) -> list[Mention]:
    """The other members of a coordinated target ("from Mexico and Canada", "Japan, Korea and India")."""
    after = [m for m in local if m.start > target.start and m.code]
    group: list[Mention] = []
    last = target
    for mention in after:
        if not _COORDINATION.match(sentence[last.end:mention.start]) or last.possessive or "+" in mention.code:
            break
        if mention.code not in source_codes and mention.code != target.code and \
                mention.code not in {m.code for m in group}:
            group.append(mention)
        last = mention
    return group


def _one_per_type(candidates: list[tuple[ExtractedEvent, bool, int]],
                  independent: dict[int, int | None] | None = None,
                  rate_splits: set[int] | None = None) -> list[tuple[ExtractedEvent, bool, int]]:
    """A later trigger of the same type in a sentence is the same action unless it joins the same
    actors in another direction ("Washington cut ... and Beijing lowered ..."), has a subject of its
    own in a new clause, or is one of a coordinated list of targets (`independent`)."""
    independent = independent or {}
    kept: list[tuple[ExtractedEvent, bool, int]] = []
    kept_ids: set[int] = set()
    for candidate in candidates:
        event = candidate[0]
        base = independent.get(id(event))
        if base is not None and base not in kept_ids:
            continue
        earlier = [k for k, _, _ in kept if k.event_type == event.event_type]
        codes = {event.actor1_code, event.actor2_code}
        if any({k.actor1_code, k.actor2_code} == codes and k.actor2_code == event.actor2_code
               and (candidate[1] or k.event_date == event.event_date) and same_kind(k, event)
               for k in earlier) and id(event) in independent and id(event) not in (rate_splits or ()):
            continue  # a repeat in a new clause, unless it is dated apart ("...; Lee visited on Aug. 25")
        if earlier and id(event) not in independent and not any({k.actor1_code, k.actor2_code} == codes for k in earlier):
            continue
        if event.event_type in _ASKER_FIRST and id(event) not in independent and any(
                (k.actor1_code, k.actor2_code) == (event.actor2_code, event.actor1_code) for k in earlier):
            continue  # "an attack on Kyiv ..., while strikes elsewhere hit ...": the target of the first strike is no attacker
        kept.append(candidate)
        kept_ids.add(id(event))
    return kept


def _one_owner_per_amount(candidates: list[tuple[ExtractedEvent, bool, int]]) -> list[tuple[ExtractedEvent, bool, int]]:
    """In one sentence an amount belongs to one event: the earlier lexicon entry keeps it."""
    kept: list[tuple[ExtractedEvent, bool, int]] = []
    for event, implicit, priority in sorted(candidates, key=lambda c: c[2]):
        clash = any(
            k.amount_value is not None and k.amount_value == event.amount_value and k.amount_unit == event.amount_unit
            and {k.actor1_code, k.actor2_code} == {event.actor1_code, event.actor2_code} and k.event_type != event.event_type
            for k, _, _ in kept)
        if not clash:
            kept.append((event, implicit, priority))
    order = {id(c[0]): n for n, c in enumerate(candidates)}
    return sorted(kept, key=lambda c: order[id(c[0])])


def code_article(text: str, published: date | None, title: str | None = None) -> list[ExtractedEvent]:
    """All events of an article, one per real-world action."""
    if not text or not text.strip():
        return []
    work = normalise_text(text)
    sentences = split_sentences(work)
    masked = _with_barriers(mask_non_events(mask_quotes(work), [(s.start, s.end) for s in sentences]), sentences)
    all_hits = find_hits(masked)
    all_dates = find_dates(work, published)
    all_amounts = find_amounts(work)
    hit_starts = [h.start for h in all_hits]
    date_starts = [d.start for d in all_dates]
    amount_starts = [a.start for a in all_amounts]
    mentions, dyad = find_mentions(work, sentences, published, normalise_text(title) if title else None)
    mention_starts = [m.start for m in mentions]
    candidates: list[tuple[ExtractedEvent, bool]] = []
    anchor: date | None = None
    previous_subject: Mention | None = None
    background: DateMention | None = None  # the date a background paragraph is set at
    paragraph = -1
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, background = sentence.paragraph, None
        sentence_dates = _reanchor_weekdays(_within(all_dates, sentence, date_starts), published)
        for event, implicit, _ in code_sentence(sentence, masked, work, mentions, dyad, published, anchor,
                                                previous_subject, background, _within(all_hits, sentence, hit_starts),
                                                sentence_dates, _within(all_amounts, sentence, amount_starts),
                                                mention_starts):
            candidates.append((event, implicit))
        for found in _resolve_shifts(sentence_dates, anchor):
            if found.precision == "day" and not found.is_bound and not found.is_future:
                anchor = found.date
            if (published and not found.is_bound and not found.is_future and not found.weak and found.date
                    and found.precision != "year" and (published - found.date).days > 7
                    and not _SINCE_BEFORE.search(work, max(sentence.start, found.start - 120), found.start)):
                background = found  # (not the date inside a since-clause: "their first talks since X did Y in August")
        coded = [m for m in _within(mentions, sentence, mention_starts) if m.code and "+" not in m.code and m.kind != "city"]
        if coded:
            previous_subject = coded[0]
    events = merge_events(_inherit_framework_date(_inherit_anaphoric_rates(_inherit_similar_terms(candidates))))
    # evidence offsets and sentences come from the caller's text, not the normalised copy
    return [_with_original_sentence(e, text) for e in events]


_BARE_WEEKDAY = re.compile(r"(?:(?:late|early)\s+(?:on\s+)?)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?$", re.I)
_WEEKDAY_NUMBERS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def _reanchor_weekdays(dates: list[DateMention], published: date | None) -> list[DateMention]:
    """"Trump announced the rate on Aug. 1, hours after a call on Thursday evening": a bare weekday in a
    sentence set at an explicit earlier day is the last such weekday on or before that day, not before
    publication."""
    if published is None or len(dates) < 2:
        return dates
    explicit = [d for d in dates if d.precision == "day" and d.date is not None and not d.is_future and not d.is_bound
                and d.shift_days is None and not _BARE_WEEKDAY.search(d.text) and (published - d.date).days > 7]
    if not explicit:
        return dates
    out = []
    for d in dates:
        weekday = _BARE_WEEKDAY.fullmatch(d.text.strip())
        if weekday and d.date is not None and not d.is_future and not d.is_bound:
            before = [e for e in explicit if e.end <= d.start]
            if not before:
                out.append(d)
                continue  # the day is stated first ("on Monday ... until Nov. 10"): it stays with publication
            anchor = before[-1].date
            back = (anchor.weekday() - _WEEKDAY_NUMBERS[weekday.group(1).lower()]) % 7
            d = replace(d, date=anchor - timedelta(days=back))
        out.append(d)
    return out


_RATE_ANAPHOR = re.compile(r"^(?:The|That|This|Those|These)\s+(?:(?:new|higher|additional|extra|punitive)\s+)?"
                           r"(?:levy|levies|tariffs?|duty|duties|rates?|surcharges?)\b(?!\s+(?:of|on|against|for|in)\b)")


def _inherit_amount(candidates: list[tuple[ExtractedEvent, bool]], restates: Callable[[ExtractedEvent], object],
                    source_of: Callable[[ExtractedEvent, ExtractedEvent], bool]) -> list[tuple[ExtractedEvent, bool]]:
    """An event without an amount whose sentence `restates` one takes the amount of the latest earlier event
    (of another sentence) that is `source_of` it."""
    out: list[tuple[ExtractedEvent, bool]] = []
    for event, implicit in candidates:
        if event.amount_value is None and restates(event):
            earlier = [e for e, _ in out if e.sentence != event.sentence and source_of(e, event)]
            if earlier:
                src = earlier[-1]
                event = replace(event, amount_value=src.amount_value, amount_unit=src.amount_unit,
                                amount_text=src.amount_text)
        out.append((event, implicit))
    return out


def _inherit_anaphoric_rates(candidates: list[tuple[ExtractedEvent, bool]]) -> list[tuple[ExtractedEvent, bool]]:
    """"Trump announced the 39% rate on Aug. 1. The levy took effect on Aug. 7.": a tariff event whose sentence
    starts with a definite tariff noun restates the rate of the latest earlier event of its type and actors."""
    if not any(_RATE_ANAPHOR.match(e.sentence) for e, _ in candidates):
        return candidates
    return _inherit_amount(
        candidates, lambda event: event.mode in TARIFF_MODES and _RATE_ANAPHOR.match(event.sentence),
        lambda e, event: e.event_type == event.event_type and e.amount_unit == "percent"
        and (e.actor1_code, e.actor2_code) == (event.actor1_code, event.actor2_code))


_UNDER_THAT_DEAL = re.compile(r"^(?:Under|As part of|In line with|Through)\s+(?:that|the|this|these|those)\s+(?:new\s+|same\s+)?"
                              r"(?:accords?|deals?|agreements?|frameworks?|pacts?|arrangements?|truce|understanding)\b(?!\s+(?:of|with|on|signed|reached|agreed|struck)\b)")


def _inherit_framework_date(candidates: list[tuple[ExtractedEvent, bool]]) -> list[tuple[ExtractedEvent, bool]]:
    """"Under that accord, Washington cut the tariff to 10%": an undated act done under a deal named before is dated
    by that deal (the latest earlier AGREE of another sentence sharing an actor)."""
    if not any(_UNDER_THAT_DEAL.match(e.sentence) for e, _ in candidates):
        return candidates
    out: list[tuple[ExtractedEvent, bool]] = []
    for event, implicit in candidates:
        if implicit and _UNDER_THAT_DEAL.match(event.sentence):
            codes = {event.actor1_code, event.actor2_code} - {None}
            deals = [e for e, deal_implicit in out if e.event_type == "AGREE" and e.sentence != event.sentence
                     and not deal_implicit and codes & {e.actor1_code, e.actor2_code}]
            if deals:
                event, implicit = replace(event, event_date=deals[-1].event_date,
                                          date_precision=deals[-1].date_precision), False
        out.append((event, implicit))
    return out


_SIMILAR_TERMS = re.compile(r"\b(?:similar|the same|identical|comparable)\s+(?:terms|deal|arrangement|conditions)\b", re.I)
_SIMILAR_WORDS = words_pattern(("milar", "ame", "dentical", "comparable"))  # one is in every match


def _inherit_similar_terms(candidates: list[tuple[ExtractedEvent, bool]]) -> list[tuple[ExtractedEvent, bool]]:
    """"Rival AMD has accepted similar terms": the event takes the amount of the latest earlier event of its type."""
    if not any(may_match(_SIMILAR_WORDS, sentence) and _SIMILAR_TERMS.search(sentence)
               for sentence in {e.sentence for e, _ in candidates}):
        return candidates
    return _inherit_amount(
        candidates, lambda event: _SIMILAR_TERMS.search(event.sentence),
        lambda e, event: e.event_type == event.event_type and e.amount_value is not None)


def _with_barriers(masked: str, sentences: list[Sentence]) -> str:
    """Put ';' between sentences (and for line breaks) so no trigger pattern spans two sentences."""
    chars = list(masked.replace("\n", ";"))
    for sentence in sentences:
        if sentence.end < len(chars) and chars[sentence.end].isspace():
            chars[sentence.end] = ";"
    return "".join(chars)


def _with_original_sentence(event: ExtractedEvent, text: str) -> ExtractedEvent:
    return copy_with(event, sentence=text[event.char_start:event.char_end])
