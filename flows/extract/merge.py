"""One event per real-world action: merge mentions of the same action.

Two candidate events are the same action when they have the same type and
the same set of actor codes, their modes agree (COOPERATE/AID/SANCTION
distinguish purchases from investments), and their amounts and dates do not
contradict each other: equal amounts merge even when one date is only the
publication-date default; a missing amount merges with any amount only when
the dates agree.
"""

from __future__ import annotations

import re

from flows.model import ExtractedEvent

MODE_SENSITIVE = frozenset({"COOPERATE", "AID", "CONCEDE", "SANCTION", "THREATEN"})


def copy_with(item, **changes):
    """`dataclasses.replace` for a dataclass with no `__post_init__` and no `init=False` fields (the events
    and the frozen items of the extractor), without running `__init__`: 4-5x faster, the same copy."""
    copy = object.__new__(type(item))
    copy.__dict__.update(item.__dict__, **changes)
    return copy


def _codes(event: ExtractedEvent) -> frozenset[str]:
    return frozenset(c for c in (event.actor1_code, event.actor2_code) if c)


MODE_FAMILIES = {"investment_pledge": "investment", "ban": "sanctions"}  # one package named two ways


def _mode_family(mode: str | None) -> str | None:
    return MODE_FAMILIES.get(mode, mode)


def same_kind(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Can two events of one type be one action as far as their modes go (a purchase is no investment)?"""
    return a.event_type not in MODE_SENSITIVE or _mode_family(a.mode) == _mode_family(b.mode)


IMPLICIT_SLACK_DAYS = 3


def _dates_agree(a: ExtractedEvent, a_implicit: bool, b: ExtractedEvent, b_implicit: bool) -> bool:
    """Do two dates allow one action? An implicit date (the publication day) is
    compatible with any explicit date within a week of it, or in the same month/year
    when the explicit date is that coarse."""
    if a.event_date is None or b.event_date is None or a_implicit and b_implicit:
        return True
    if a_implicit or b_implicit:
        implicit, explicit = (a, b) if a_implicit else (b, a)
        if explicit.date_precision == "year":
            return abs(implicit.event_date.year - explicit.event_date.year) <= 0
        if explicit.date_precision == "month":
            return (implicit.event_date.year, implicit.event_date.month) == (
                explicit.event_date.year, explicit.event_date.month) or abs(
                (implicit.event_date - explicit.event_date).days) <= IMPLICIT_SLACK_DAYS + 31
        return abs((implicit.event_date - explicit.event_date).days) <= IMPLICIT_SLACK_DAYS
    precision = "year" if "year" in (a.date_precision, b.date_precision) else (
        "month" if "month" in (a.date_precision, b.date_precision) else "day")
    if precision == "year":
        return a.event_date.year == b.event_date.year
    if precision == "month":
        return (a.event_date.year, a.event_date.month) == (b.event_date.year, b.event_date.month)
    return a.event_date == b.event_date


def _amounts_agree(a: ExtractedEvent, b: ExtractedEvent) -> bool | None:
    """True: same amount; None: one is missing; False: different amounts."""
    if a.amount_value is None or b.amount_value is None:
        return None
    if a.amount_unit != b.amount_unit:
        return False
    return abs(a.amount_value - b.amount_value) <= 0.01 * max(abs(a.amount_value), abs(b.amount_value), 1e-9)


_ANAPHOR_SUBJECT = re.compile(r"^(?:The|This|That)\s+(?:new\s+|latest\s+)?(order|deal|package|agreement|accord|pact|decree|"
                              r"plan|framework|investment|pledge|loan)\s+(?!(?:was|were|is|are|had|has)\b)")


def _restates(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    m = _ANAPHOR_SUBJECT.match(b.sentence)
    if m is None or b.sentence == a.sentence:
        return False
    noun = m.group(1)
    return bool(re.search(rf"\b(?:an?|the|its|their|new)\s+(?:[\w-]+\s+){{0,2}}?{noun}s?\b", a.sentence, re.I))


def same_action(a: ExtractedEvent, a_implicit: bool, b: ExtractedEvent, b_implicit: bool) -> bool:
    if a.event_type != b.event_type or _codes(a) != _codes(b):
        return False
    symmetric = a.event_type in {"AGREE", "CONSULT"} or a.is_symmetric and b.is_symmetric
    if not symmetric and (a.actor1_code, a.actor2_code) != (b.actor1_code, b.actor2_code):
        return False
    if not same_kind(a, b):
        return False
    amounts = _amounts_agree(a, b)
    if amounts is False:
        # "Trump signed an order raising tariffs to 50%. The order adds a 40% duty on top of ...": a sentence whose
        # subject is the definite anaphor of the earlier action restates that action (its first amount stands)
        return _restates(a, b)
    if amounts is True and (a.amount_unit != "percent" or a.event_type in {"THREATEN", "SANCTION"}):
        # the same money re-stated is the same pledge; the same threatened rate the same threat;
        # but tariff cuts to one common rate (15%) recur as separate actions
        return True
    return _dates_agree(a, a_implicit, b, b_implicit)


def merge_events(candidates: list[tuple[ExtractedEvent, bool]]) -> list[ExtractedEvent]:
    """Fold candidates (event, date_is_implicit) into one event per action, in text order."""
    merged: list[tuple[ExtractedEvent, bool]] = []
    for event, implicit in candidates:
        for i, (kept, kept_implicit) in enumerate(merged):
            if not same_action(kept, kept_implicit, event, implicit):
                continue
            update: dict[str, object] = {}
            if kept.amount_value is None and event.amount_value is not None:
                update.update(amount_value=event.amount_value, amount_unit=event.amount_unit,
                              amount_text=event.amount_text)
            better_date = kept_implicit and not implicit or (
                not implicit and kept.date_precision != "day" and event.date_precision == "day"
                and _dates_agree(kept, False, event, False))
            if better_date:
                update.update(event_date=event.event_date, date_precision=event.date_precision)
                kept_implicit = False
            if event.sentence != kept.sentence and event.sentence not in kept.extra_sentences:
                update["extra_sentences"] = kept.extra_sentences + (event.sentence,)
            update["topics"] = tuple(dict.fromkeys(kept.topics + event.topics))
            update["confidence"] = min(0.95, max(kept.confidence, event.confidence) + 0.05)
            if event.is_symmetric and not kept.is_symmetric and kept.event_type in {"AGREE", "CONSULT"}:
                update["is_symmetric"] = True
            merged[i] = (copy_with(kept, **update), kept_implicit)
            break
        else:
            merged.append((event, implicit))
    return [event for event, _ in merged]


