"""One-line readable summaries of events (pure)."""

from __future__ import annotations

from datetime import date

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "JPY": "¥", "GBP": "£", "CNY": "CN¥", "KRW": "₩", "INR": "₹"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def format_amount(value: float | None, unit: str | None) -> str | None:
    """'$400bn', '2% of GDP', '15%', '€1.2tn'; None without an amount."""
    if value is None or unit is None:
        return None
    if unit == "percent_gdp":
        return f"{value:g}% of GDP"
    if unit == "percent":
        return f"{value:g}%"
    number = f"{value:,.0f}"
    for scale, suffix in _SCALES:
        if abs(value) >= scale:
            number = f"{value / scale:.3g}{suffix}"
            break
    symbol = CURRENCY_SYMBOLS.get(unit)
    return f"{symbol}{number}" if symbol else f"{number} {unit}"


def format_date(value: date | None, precision: str | None) -> str:
    if value is None:
        return "undated"
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()


def to_summary(
    event_date: date | None,
    date_precision: str | None,
    event_type: str,
    actor1_code: str | None,
    actor2_code: str | None,
    mode: str | None,
    amount_value: float | None,
    amount_unit: str | None,
    status: str | None,
    is_symmetric: bool = False,
) -> str:
    """'2025-10-28 JPN -> USA COOPERATE investment $400bn (pledged)'."""
    arrow = " <-> " if is_symmetric else " -> "
    actors = (actor1_code or "?") + (arrow + actor2_code if actor2_code else "")
    parts = [format_date(event_date, date_precision), actors, event_type]
    if mode:
        parts.append(mode.replace("_", " "))
    amount = format_amount(amount_value, amount_unit)
    if amount:
        parts.append(amount)
    line = " ".join(parts)
    return f"{line} ({status})" if status else line
