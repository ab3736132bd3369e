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

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY",
    "jpy": "JPY", "₩": "KRW", "krw": "KRW", "rs": "INR", "rs.": "INR", "₹": "INR", "inr": "INR", "c$": "CAD",
    "a$": "AUD", "nt$": "TWD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "cny": "CNY", "rmb": "CNY",
}
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY", "won": "KRW", "yuan": "CNY",
    "renminbi": "CNY", "pounds": "GBP", "sterling": "GBP", "rupees": "INR", "rupee": "INR", "roubles": "RUB",
    "rubles": "RUB",
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tr": 1e12,
}
MAX_VALUE = 1e16

_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:trillion|billion|million|thousand|bn|tn|trn|mn|mln|bln|m|b|k)"
_SYMBOL = r"(?:US\$|NT\$|HK\$|C\$|A\$|S\$|R\$|[$€£¥₩₹]|Rs\.?|USD|EUR|GBP|JPY|KRW|CNY|RMB|INR)"
_WORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
MONEY = re.compile(
    r"(?P<sym>" + _SYMBOL + r")\s?(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE + r"))?\b"
    r"(?:\s*(?:-|–|to)\s*(?:" + _SYMBOL + r")?\s?(?P<num2>" + _NUM + r")(?:\s?(?P<scale2>" + _SCALE + r"))?\b)?"
    r"|(?<![\w.])(?P<wnum>" + _NUM + r")(?:\s?(?P<wscale>" + _SCALE + r"))?\s+(?P<word>" + _WORD + r")\b",
    re.I,
)
PERCENT_GDP = re.compile(
    r"(?P<num>" + _NUM + r")\s?(?:%|percent|per cent)\s+of\s+(?:(?:its|their|the|national|economic|annual|"
    r"country's|nation's)\s+)*(?:GDP|gross domestic product|economic output)",
    re.I,
)
PERCENT = re.compile(r"(?P<num>" + _NUM + r")\s?(?:%|percent\b|per cent\b)(?!\s+of\s+(?:\w+\s+){0,2}GDP)", re.I)


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


_CONVERSION_GAP = re.compile(r"\s*[(\[]\s*(?:about|around|roughly|some|or|approximately|nearly|~)?\s*$", re.I)


def _drop_conversions(found: list[Amount], text: str) -> None:
    """"£150 billion ($205 billion)": the bracketed amount is a conversion of the one before it."""
    for amount in list(found):
        if any(other.end <= amount.start and _CONVERSION_GAP.fullmatch(text[other.end:amount.start])
               for other in found if other is not amount):
            found.remove(amount)


def find_amounts(text: str) -> list[Amount]:
    """Every amount in `text`, in order of position."""
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []

    def add(value: float | None, unit: str, match: re.Match[str]) -> None:
        if value is None or any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        found.append(Amount(value, unit, match.group(0), match.start(), match.end()))

    for match in MONEY.finditer(text):
        if match.group("sym"):
            unit = CURRENCY_SYMBOLS.get(match.group("sym").lower().rstrip("."), CURRENCY_SYMBOLS.get(match.group("sym").lower(), "USD"))
            if match.group("num2"):
                scale = match.group("scale2") or match.group("scale")
                value = _number(match.group("num2"), scale)
            else:
                value = _number(match.group("num"), match.group("scale"))
        else:
            unit = CURRENCY_WORDS[match.group("word").lower()]
            value = _number(match.group("wnum"), match.group("wscale"))
        add(value, unit, match)
    _drop_conversions(found, text)
    for match in PERCENT_GDP.finditer(text):
        add(_number(match.group("num"), None), "percent_gdp", match)
    for match in PERCENT.finditer(text):
        add(_number(match.group("num"), None), "percent", match)
    return sorted(found, key=lambda a: a.start)
