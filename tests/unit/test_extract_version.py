"""EXTRACTOR_VERSION carries a fingerprint of the rules, so an unbumped change is still a new version."""

from __future__ import annotations

import shutil

import pytest

from flows.extract import EXTRACTOR_VERSION
from flows.extract.version import PACKAGE, RULES_VERSION, rule_files, rules_fingerprint


@pytest.fixture()
def package(tmp_path):
    copy = tmp_path / "flows"
    shutil.copytree(PACKAGE / "extract", copy / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PACKAGE / "data", copy / "data")
    return copy


def test_the_version_is_the_release_plus_the_fingerprint_of_the_installed_rules():
    assert EXTRACTOR_VERSION == f"{RULES_VERSION}+{rules_fingerprint()}"
    names = {p.relative_to(PACKAGE).as_posix() for p in rule_files()}
    assert {"extract/coder.py", "data/triggers.toml", "data/people.csv"} <= names
    assert not any(name.endswith(".md") or "__pycache__" in name for name in names)


def test_a_copy_of_the_rules_has_the_same_fingerprint(package):
    assert rules_fingerprint(package) == rules_fingerprint()


@pytest.mark.parametrize("relative", ["data/people.csv", "data/triggers.toml", "extract/coder.py"])
def test_changing_any_rule_file_changes_the_fingerprint(package, relative):
    before = rules_fingerprint(package)
    path = package / relative
    path.write_bytes(path.read_bytes() + b"\n")
    assert rules_fingerprint(package) != before


def test_a_new_rule_file_changes_it_but_docs_and_line_endings_do_not(package):
    before = rules_fingerprint(package)
    readme = package / "data" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nmore words\n", encoding="utf-8")
    for path in rule_files(package):  # a Windows checkout (core.autocrlf)
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert rules_fingerprint(package) == before
    (package / "data" / "extra_people.csv").write_text("name,code\n", encoding="utf-8")
    assert rules_fingerprint(package) != before
