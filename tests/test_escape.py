"""dashboard/escape.py: text from files, forms and file names shown as written — in Markdown
(pages) and in plotly's pseudo-HTML (charts and their PNG/SVG exports)."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import escape
from dashboard.export_meta import ExportMeta
from dashboard.figure_frame import figure_text, prepare_figure
from dashboard.figure_title import title_parts

PAYLOAD = "[x](http://evil.example) ![i](http://evil.example/i.png) <img src=x> **b**"
WJ = escape.WORD_JOINER


@pytest.mark.parametrize(("text", "expected"), [
    (PAYLOAD, rf"\[x\](http\:{WJ}//evil.example) !\[i\](http\:{WJ}//evil.example/i.png) "
              r"\<img src=x\> \*\*b\*\*"),
    ("# judul", r"\# judul"),
    ("- butir", r"\- butir"),
    ("+ butir", r"\+ butir"),
    ("12. butir", r"12\. butir"),
    ("3) butir", r"3\) butir"),
    ("> kutip", r"\> kutip"),
    ("`kode` ~~coret~~ $x$ &amp; _miring_", r"\`kode\` \~\~coret\~\~ \$x\$ \&amp; \_miring\_"),
    (":red[merah] :material/home: :smile:",
     rf"\:red\[merah\] \:{WJ}material/home\: \:{WJ}smile\:"),
    ("www.evil.example a@evil.example HTTPS://evil.example",
     f"www{WJ}.evil.example a{WJ}@evil.example HTTPS\\:{WJ}//evil.example"),
    ("baris satu\nbaris dua\r\n\x1b[31mmerah\x00 \u202eterbalik",
     r"baris satu baris dua \[31mmerah terbalik"),
    ("BP2MI (2024), hal. 3; \"kutip\" 'satu' 50% ?",
     "BP2MI (2024), hal. 3; \"kutip\" 'satu' 50% ?"),
    (None, ""),
])
def test_markdown(text, expected):
    assert escape.markdown(text) == expected


def test_plotly_escapes_only_what_plotly_reads_as_markup():
    assert escape.plotly("<a href='http://evil.example'>x</a> & <b>") == \
        "&lt;a href='http://evil.example'&gt;x&lt;/a&gt; &amp; &lt;b&gt;"
    assert escape.plotly("baris\nkedua<br>") == "baris kedua&lt;br&gt;"
    assert escape.from_plotly(escape.plotly("<5 & x")) == "<5 & x"


_UNESCAPED = re.compile(r"(?<!\\)[`*_\[\]<>~$&:]")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_markdown_leaves_no_markup_character_unescaped(text):
    escaped = escape.markdown(text)
    assert not _UNESCAPED.search(escaped.replace("\\\\", "")), escaped
    assert "\n" not in escaped and "\r" not in escaped
    # what a reader sees (escapes and word joiners dropped) is the cleaned text
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WJ, "") == escape.clean(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_plotly_round_trips(text):
    escaped = escape.plotly(text)
    assert "<" not in escaped and ">" not in escaped
    assert escape.from_plotly(escaped) == escape.clean(text)


def test_an_exported_figure_says_what_the_data_says_and_draws_no_markup():
    """Title, subtitle and source line read back from a figure are plain text, and the
    exported figure writes them escaped: no tag of the data reaches plotly."""
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    fig.update_layout(title={"text": f"<b>{escape.plotly(PAYLOAD)}</b><br>"
                                     f"<span>{escape.plotly('sub <a href=x>y</a>')}</span>"})
    fig.add_annotation(text=escape.plotly("Sumber: <img src=x> & co"), xref="paper",
                       yref="paper", x=0, y=0, yshift=-80, showarrow=False)
    assert title_parts(fig) == (PAYLOAD, "sub <a href=x>y</a>")
    meta = ExportMeta(title="t", subtitle="s", source="q")
    text = figure_text(fig, meta)
    assert text.title == PAYLOAD and text.footer.startswith("Sumber: <img src=x> & co")
    exported = prepare_figure(fig, meta)
    shown = [exported["layout"]["title"]["text"],
             *(a["text"] for a in exported["layout"]["annotations"])]
    for value in shown:
        assert "<img" not in value and "<a " not in value, value
    assert "&lt;img src=x&gt;" in exported["layout"]["title"]["text"]
