"""The extractor's version: a release number people read, plus a fingerprint of
everything that decides the output (the coder's modules and its data tables).

`EXTRACTOR_VERSION` = "<RULES_VERSION>+<fingerprint>", e.g. "0.7.0+3f9a0c1e".
Any change to `flows/extract/*.py` or `flows/data/*` (other than the docs)
changes the fingerprint, so provenance never claims two different rule sets
are the same version even when nobody bumped the number: re-extraction picks
up every article coded by another rule set, staged batches coded elsewhere
carry their own version, and workers running different code are told apart
in `event_mentions.extractor_version`. Line endings do not count (a Windows
checkout has the same fingerprint).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RULES_VERSION = "0.9.0"  # bump for notable changes; the fingerprint covers every change

PACKAGE = Path(__file__).resolve().parents[1]
RULE_FILES = ("extract/*.py", "data/*")
DOC_SUFFIXES = (".md",)


def rule_files(package: Path = PACKAGE) -> list[Path]:
    """The files whose content decides the extractor's output, in a stable order."""
    found = {p for pattern in RULE_FILES for p in package.glob(pattern) if p.is_file()}
    return sorted((p for p in found if p.suffix not in DOC_SUFFIXES), key=lambda p: p.relative_to(package).as_posix())


def rules_fingerprint(package: Path = PACKAGE) -> str:
    """First 8 hex digits of a SHA-256 over the rule files' relative paths and contents."""
    digest = hashlib.sha256()
    for path in rule_files(package):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()[:8]


EXTRACTOR_VERSION = f"{RULES_VERSION}+{rules_fingerprint()}"
