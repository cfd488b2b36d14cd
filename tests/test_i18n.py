"""One translation table for all user-facing text; no strings hard-coded in pages."""

from __future__ import annotations

import ast
import re

from dashboard import i18n
from tests.conftest import ROOT

DISPLAY_CALLS = {"title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "write", "metric", "button", "toggle", "selectbox",
                 "multiselect", "radio", "slider", "expander", "text", "html"}


def test_every_key_has_text_in_both_languages_with_the_same_placeholders():
    for key, texts in i18n._table().items():
        assert all(texts[lang].strip() for lang in i18n.LANGUAGES), key
        placeholders = [set(re.findall(r"{(\w+)}", texts[lang])) for lang in i18n.LANGUAGES]
        assert placeholders[0] == placeholders[1], key


def test_every_key_used_in_the_code_exists():
    used: set[str] = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("dashboard/*.py")]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text()))
    assert used, "no translation keys found"
    assert used <= i18n.keys(), used - i18n.keys()


def test_pages_pass_no_string_literals_to_display_calls():
    for path in ROOT.glob("pages/*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in DISPLAY_CALLS:
                for arg in node.args[:1]:
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and arg.value.strip()
                    assert not literal, f"{path.name}:{node.lineno} shows {arg.value!r}"


def test_number_and_date_formats_per_language():
    assert i18n.number(1234567, "id") == "1.234.567"
    assert i18n.number(1234567, "en") == "1,234,567"
    assert i18n.percent(0.125, "id") == "12,5%"
    assert i18n.percent(0.125, "en") == "12.5%"
    assert i18n.month_year(2025, 6, "id") == "Juni 2025"
    assert i18n.month_year(2025, 6, "en") == "June 2025"
