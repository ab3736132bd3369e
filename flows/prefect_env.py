"""Prefect settings we rely on, applied before `prefect` is imported.

- no telemetry lookups (`PREFECT_SERVER_ANALYTICS_ENABLED=false`);
- Prefect's home inside the project (`.prefect/`) unless the user chose one;
- no API server configured means Prefect starts a temporary local one.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def configure_prefect_environment() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
