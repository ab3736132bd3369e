"""In-process progress notices from flows to whoever shows them (the CLI's progress bar).

Flows call `notify(kind, **data)`; a caller that wants to draw progress
wraps its call in `with listening(callback):`. Nothing is sent anywhere
else, and with no listener a notice costs nothing. Kinds used:
`days` (total), `day_start` (day, articles), `articles_total` (total),
`articles` (done), `day_done` (day, status).
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

Listener = Callable[[str, dict[str, Any]], None]

_listeners: list[Listener] = []


def notify(kind: str, **data: Any) -> None:
    for listener in list(_listeners):
        try:
            listener(kind, data)
        except Exception:  # a broken display never breaks a run
            pass


@contextlib.contextmanager
def listening(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)
