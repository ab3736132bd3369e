"""Amounts: money with scale words, percentages, shares of GDP.

`find_amounts(text)` returns every amount in a string, normalised to base
units: "$400 billion" -> 400000000000 USD, "¥1.5 trillion" -> 1.5e12 JPY,
"€600bn" -> 6e11 EUR, "2% of GDP" -> 2 percent_gdp, "15%" -> 15 percent.
"up to $10bn" keeps 1e10; a range ("$10bn-$20bn", "$10 to $20 billion")
gives its upper bound. Absurd values (overflow, beyond 1e16) are dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from flows.extract.scan import scan_near

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY",
    "jpy": "JPY", "₩": "KRW", "krw": "KRW", "rs": "INR", "rs.": "INR", "₹": "INR", "inr": "INR", "c$": "CAD",
    "a$": "AUD", "nt$": "TWD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "cny": "CNY", "rmb": "CNY", "nz$": "NZD",
    "chf": "CHF", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "aud": "AUD", "cad": "CAD", "nzd": "NZD", "rub": "RUB",
    "try": "TRY", "sgd": "SGD", "hkd": "HKD", "brl": "BRL", "mxn": "MXN", "zar": "ZAR", "sar": "SAR", "aed": "AED",
}
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY", "won": "KRW", "yuan": "CNY",
    "renminbi": "CNY", "pounds": "GBP", "sterling": "GBP", "rupees": "INR", "rupee": "INR", "roubles": "RUB",
    "rubles": "RUB", "lira": "TRY", "liras": "TRY", "swiss francs": "CHF", "francs": "CHF", "kronor": "SEK",
    "kroner": "NOK", "rand": "ZAR", "riyals": "SAR", "dirhams": "AED", "reais": "BRL",
    "zloty": "PLN", "zlotys": "PLN", "krona": "SEK", "krone": "NOK", "riyal": "SAR", "dirham": "AED", "shekels": "ILS",
    "shekel": "ILS", "rupiah": "IDR", "ringgit": "MYR", "baht": "THB", "hryvnias": "UAH", "hryvnia": "UAH",
    "forints": "HUF", "forint": "HUF",
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12,
    "lakh crore": 1e12, "lakh": 1e5, "crore": 1e7,
}
MAX_VALUE = 1e16

_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:trillion|billion|million|thousand|lakh crore|crore|lakh|bn|tn|trn|mn|mln|bln|m|b|k)"
_SYMBOL = r"(?:US\$|NT\$|HK\$|NZ\$|[CASR]\$|[$€£¥₩₹]|Rs\.?|(?-i:[A-Z]{3})(?=\s?\d))"  # codes: checked in CURRENCY_SYMBOLS
_WORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
# (scanned only near digits and currency signs, see _MONEY_ANCHOR: a match starts at most 4 characters before one)
MONEY = re.compile(
    r"(?P<sym>" + _SYMBOL + r")\s?(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE + r"))?\b"
    r"(?:\s*(?:-|–|to)\s*(?:" + _SYMBOL + r")?\s?(?P<num2>" + _NUM + r")(?:\s?(?P<scale2>" + _SCALE + r"))?\b)?"
    r"|(?<![\w.])(?P<wnum>" + _NUM + r")(?:\s?(?P<wscale>" + _SCALE + r"))?\s+(?P<word>" + _WORD + r")\b",
    re.I,
)
BETWEEN = re.compile(
    r"\bbetween\s+(?P<bsym>" + _SYMBOL + r")?\s?(?P<bnum>" + _NUM + r")(?:\s?(?P<bscale>" + _SCALE + r"))?\s+and\s+"
    r"(?P<bsym2>" + _SYMBOL + r")?\s?(?P<bnum2>" + _NUM + r")(?:\s?(?P<bscale2>" + _SCALE + r"))?\b"
    r"(?:\s+(?P<bword>" + _WORD + r")\b)?"
    , re.I)
PERCENT_GDP = re.compile(
    r"(?P<num>" + _NUM + r")\s?(?:%|percent|per cent)\s+of\s+(?:(?:its|their|the|national|economic|annual|"
    r"country's|nation's)\s+)*(?:GDP|gross domestic product|economic output)",
    re.I,
)
_PERCENT_RANGE_START = re.compile(r"(?:between\s+)?" + _NUM + r"\s?(?:%|percent|per cent)?\s*(?:-|–|to|and)\s*$", re.I)
PERCENT = re.compile(r"(?P<num>" + _NUM + r")\s?(?:%|percent\b|per cent\b)(?!\s+of\s+(?:\w+\s+){0,2}GDP)", re.I)
# "between 27.7% and 34.9%", "of 30.6% to 39%", "10-15%": one rate, its upper bound (as "up to" keeps its
# ceiling); "from 25% to 15%" is a change of rate, not a range, and is left to the two percentages.
# Looked for only before a percentage, right-anchored on it.
PERCENT_RANGE_LEAD = re.compile(
    r"(?P<between>\bbetween\s+)?(?<![\d.,])(?P<num>" + _NUM + r")\s?(?:%|percent|per cent)?\s*(?P<sep>-|–|\bto\b|\band\b)\s*$",
    re.I,
)
# every MONEY match starts at a digit or a currency sign, or at most 4 characters before one ("Rs. 5", "EUR 5"):
# only those places are tried (`scan_near`), which finds the same matches as MONEY.finditer in half the time
_MONEY_ANCHOR = re.compile(r"[\d$€£¥₩₹]+")
_CHANGE_BEFORE = re.compile(r"\bfrom\s+(?:(?:about|around|roughly|nearly|some|an?|the|its|current)\s+)*$", re.I)


@dataclass(frozen=True)
class Amount:
    """One amount found in a string (offsets relative to that string)."""

    value: float
    unit: str  # USD, EUR, JPY, ..., percent, percent_gdp
    text: str
    start: int
    end: int

    @property
    def is_money(self) -> bool:
        return self.unit not in {"percent", "percent_gdp"}


def _number(num: str | None, scale: str | None) -> float | None:
    if not num:
        return None
    try:
        value = float(num.replace(",", "")) * SCALES.get((scale or "").lower(), 1.0)
    except (ValueError, OverflowError):
        return None
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        return None
    return value


_CONVERSION_GAP = re.compile(r"\s*(?:[(\[]\s*(?:(?:the\s+)?equivalent\s+(?:of|to))?|,?\s*or|"
                             r",?\s*(?:the\s+)?equivalent\s+(?:of|to))\s*"
                             r"(?:about|around|roughly|some|or|approximately|nearly|~|almost|just\s+(?:over|under))?\s*$", re.I)


def _drop_conversions(found: list[Amount], text: str) -> None:
    """"£150 billion ($205 billion)": the bracketed amount is a conversion of the one before it."""
    for amount in list(found):
        if any(other.end <= amount.start and _CONVERSION_GAP.fullmatch(text[other.end:amount.start])
               for other in found if other is not amount):
            found.remove(amount)


def _unit_of_symbol(symbol: str) -> str | None:
    key = symbol.lower()
    return CURRENCY_SYMBOLS.get(key.rstrip("."), CURRENCY_SYMBOLS.get(key))


def find_amounts(text: str) -> list[Amount]:
    """Every amount in `text`, in order of position."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def add(value: float | None, unit: str, match: re.Match[str], start: int | None = None) -> None:
        start = match.start() if start is None else start
        if value is None or any(s < match.end() and start < e for s, e in taken):
            return
        taken.append((start, match.end()))
        found.append(Amount(value, unit, text[start:match.end()], start, match.end()))

    if "etween" in text:
        for match in BETWEEN.finditer(text):
            # "between $30bn and $35bn": the upper bound
            symbol = match.group("bsym2") or match.group("bsym")
            word = match.group("bword")
            unit = _unit_of_symbol(symbol) if symbol else CURRENCY_WORDS.get(word.lower()) if word else None
            if unit:
                add(_number(match.group("bnum2"), match.group("bscale2") or match.group("bscale")), unit, match)
    for match in scan_near(MONEY, _MONEY_ANCHOR, 4, text):
        if match.group("sym"):
            unit = _unit_of_symbol(match.group("sym"))
            if unit is None:
                continue  # three capitals before a number that are no currency code
            if match.group("num2"):
                value = _number(match.group("num2"), match.group("scale2") or match.group("scale"))
            else:
                value = _number(match.group("num"), match.group("scale"))
        else:
            word = match.group("word")
            unit = CURRENCY_WORDS.get(word.lower(), "USD")
            value = _number(match.group("wnum"), match.group("wscale"))
        add(value, unit, match)
    _drop_conversions(found, text)
    for match in PERCENT_GDP.finditer(text):
        # "between 2% and 3% of GDP", "2-3 percent of GDP": the upper bound, over the whole range
        lead = _PERCENT_RANGE_START.search(text, max(0, match.start() - 40), match.start())
        add(_number(match.group("num"), None), "percent_gdp", match, lead.start() if lead else None)
    rates = []  # (match, value, start of its range or None)
    for match in PERCENT.finditer(text):
        value = _number(match.group("num"), None)
        lead = PERCENT_RANGE_LEAD.search(text, max(0, match.start() - 40), match.start())
        start = None
        if lead is not None and value is not None and (lead.group("sep").lower() != "and" or lead.group("between")) \
                and not _CHANGE_BEFORE.search(text, max(0, lead.start() - 30), lead.start()):
            # "15% on cars and 10% on ..." are two rates: "and" makes a range only after "between"
            low = _number(lead.group("num"), None)
            if low is not None and low < value:
                start = lead.start()
        rates.append((match, value, start))
    ranges = [(start, match.start()) for match, _, start in rates if start is not None]
    for match, value, start in rates:
        if start is None and any(lo <= match.start() < hi for lo, hi in ranges):
            continue  # the lower bound of a range
        add(value, "percent", match, start)
    return sorted(found, key=lambda a: a.start)
