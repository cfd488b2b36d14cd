"""Docs are tested where they can be: every layout has a working example, every command and
table is documented, every Indonesian domain term used in code is in the glossary."""

from __future__ import annotations

import json

import pytest

from loaders import layouts
from loaders.cli import build_parser
from store.sql import placements as placements_sql
from store.sql import schema as schema_sql
from tests.conftest import ROOT

DOCS = ROOT / "docs"


@pytest.mark.parametrize("layout", [layout.name for layout in layouts.LAYOUTS])
def test_every_layout_has_an_example_that_checks_clean(layout, cli):
    example = DOCS / "examples" / f"{layout}.csv"
    assert example.exists(), f"docs/examples/{layout}.csv is missing"
    result = cli("check", example, "--json")
    report = json.loads(result.out)[0]
    assert result.code == 0, report["errors"]
    assert report["layout"] == layout
    assert f"examples/{layout}.csv" in (DOCS / "data-format.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in commands:
        assert f"loaders {command}" in text, f"'python -m loaders {command}' is not documented"


def test_every_table_and_view_of_the_contract_is_documented():
    text = (DOCS / "data-model.md").read_text(encoding="utf-8")
    for table in [*schema_sql.REFERENCE_TABLES, "batch", "fact", "coverage", "penempatan"]:
        assert f"`{table}`" in text, f"table {table} is not in docs/data-model.md"
    for bit_name in placements_sql.BREAKDOWN_BITS:
        assert bit_name in text


def test_glossary_explains_the_domain_terms():
    text = (DOCS / "glossary.md").read_text(encoding="utf-8").lower()
    for term in ("kabupaten", "kota", "skema", "sektor", "pemagangan", "jabatan",
                 "negara tujuan", "jenis kelamin", "seri", "batch", "rincian", "ukps",
                 "mandiri", "g to g", "p to p", "g to p"):
        assert term in text, f"'{term}' is not in docs/glossary.md"


def test_ci_runs_the_readme_test_command_in_a_fresh_copy() -> None:
    """.ci/run runs exactly the README's test command (plus timing output), in a copy of the
    repository made in a temporary folder, so no file beside the checkout can be read."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    command = section.split("```bash\n", 1)[1].split("\n```", 1)[0].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_command = ci.strip().splitlines()[-1].replace(" --durations=15", "")
    assert ci_command == command
    assert 'cd "$WORK/clone"' in ci and 'git clone --quiet --no-hardlinks "$PWD"' in ci
    assert '-m "browser or slow"' in command  # both tiers run
