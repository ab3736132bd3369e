"""Fixtures of the fault-injection suite: the tests' Prefect server for CLI subprocesses."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect_api_url(prefect_harness) -> str:
    """The session's temporary Prefect API, handed to CLI subprocesses (PREFECT_API_URL)
    so each of them does not start its own server (~10 s each on this machine)."""
    from prefect.settings import get_current_settings

    return str(get_current_settings().api.url)
