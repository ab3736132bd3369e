"""Seed files: plain text/markdown with optional front matter, and HTML pages.

`read_seed_dir` walks a directory and returns one `RawDocument` per readable
file and one `InputError` per file it had to skip (never raising for one bad
file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flows.model import RawDocument

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SEED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MAX_SEED_BYTES = 20 * 1024 * 1024
FRONT_MATTER_KEYS = frozenset({"title", "url", "source", "published", "author"})

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class InputError:
    """An input that could not be used, and why."""

    item: str
    stage: str
    reason: str


def parse_front_matter(text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split `---` front matter from the body.

    Returns (metadata, body, problems). Unknown keys are kept; lines that are
    not `key: value` are reported as problems, never fatal. Text without
    front matter comes back unchanged with empty metadata.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.lstrip("\ufeff").startswith("---"):
            return {}, text, ["front matter opened with '---' but never closed; read as plain text"]
        return {}, text, []
    meta: dict[str, str] = {}
    problems: list[str] = []
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            problems.append(f"front matter line ignored: {line.strip()[:80]!r}")
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip().lower()] = value
    return meta, text[match.end():], problems


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes: UTF-8 first, then cp1252/latin-1. Returns (text, problem)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; decoded as Latin-1"


# magic numbers of binary formats that turn up under text names (compressed
# downloads, images, executables); their bytes can pass the control-byte test
BINARY_MAGIC = (
    b"\x1f\x8b", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF-", b"\x7fELF", b"BZh",
    b"\xfd7zXZ\x00", b"(\xb5/\xfd", b"\x00\x00\x01\x00", b"OggS", b"RIFF",
)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are clearly not text (a binary format's magic number,
    many NULs or control bytes; in bytes that are not UTF-8, any real share of
    control bytes, which Latin-1/Windows-1252 text never has)."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith(BINARY_MAGIC):
        return True
    if sample.count(b"\x00") > len(sample) // 100:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) // 10:
        return True
    if controls > len(sample) // 100:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            return exc.start < len(sample) - 4  # not just a character cut by the sample's end
    return False


def read_seed_file(path: Path, root: Path | None = None) -> RawDocument:
    """Read one seed file. Raises ValueError with a readable reason when unusable."""
    suffix = path.suffix.lower()
    if suffix not in SEED_SUFFIXES:
        raise ValueError(f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .htm")
    size = path.stat().st_size
    if size == 0:
        raise ValueError("empty file")
    if size > MAX_SEED_BYTES:
        raise ValueError(f"file is {size} bytes, over the {MAX_SEED_BYTES}-byte limit for seeds")
    data = path.read_bytes()
    if looks_binary(data):
        raise ValueError("binary content, not text")
    text, problem = decode_bytes(data)
    read_notes = [problem] if problem else []
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        read_notes.append(f"removed {nuls} NUL byte(s)")
    rel = path.relative_to(root).as_posix() if root else path.name
    if suffix in HTML_SUFFIXES:
        return RawDocument(
            url=f"seed:{rel}", body=text, media_type="text/html", origin="seed",
            origin_path=str(path), raw_html=data,
            fallback_text=None, notes=read_notes,
        )
    meta, body, problems = parse_front_matter(text)
    problems.extend(read_notes)
    return RawDocument(
        url=meta.get("url") or f"seed:{rel}",
        body=body,
        media_type="text/plain",
        origin="seed",
        origin_path=str(path),
        title=meta.get("title") or None,
        source=meta.get("source") or None,
        author=meta.get("author") or None,
        published=meta.get("published") or meta.get("date") or None,
        notes=problems,
    )


def list_seed_files(root: Path, recursive: bool = True) -> list[Path]:
    """Seed files under `root`, sorted so runs are reproducible (READMEs and dotfiles skipped)."""
    pattern = "**/*" if recursive else "*"
    return sorted(
        path for path in root.glob(pattern)
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.name.lower() not in {"readme.md", "readme.txt"}
        and path.suffix.lower() in SEED_SUFFIXES
    )


def read_seed_files(paths: list[Path], root: Path) -> tuple[list[RawDocument], list[InputError]]:
    """Read the given seed files; one unusable file becomes an InputError, never an exception."""
    docs: list[RawDocument] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            docs.append(read_seed_file(path, root))
        except (OSError, ValueError) as exc:
            errors.append(InputError(item=str(path), stage="read", reason=str(exc)))
    return docs, errors


def read_seed_dir(root: Path, recursive: bool = True) -> tuple[list[RawDocument], list[InputError]]:
    """Read every seed file under `root`."""
    return read_seed_files(list_seed_files(root, recursive), root)
