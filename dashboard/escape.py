"""Text that came from a loaded file, a form or a file name — a batch's source, a caveat, an
occupation outside the standard list, an indicator's name, a file name — shown as written:
never read as Markdown, HTML or plotly's pseudo-HTML, so no data can put a link, an image, a
heading or an emphasis on a page or in an exported figure.

* ``markdown``: for ``st.markdown``, ``st.caption``, ``st.info`` … and for values put into a
  translated text (``t(key, value=markdown(v))``) that such an element shows. The characters
  that can start Markdown inside a line are backslash-escaped (CommonMark shows an escaped
  punctuation character as itself): ``\\ ` * _ [ ] < > ~ $ & :`` — no emphasis, code, link,
  image, raw HTML, autolink, strike-through, LaTeX, entity or Streamlit directive
  (``:red[…]``) — and, at the value's start, what starts a block (``#``, ``+``, ``-``,
  ``1.``, ``1)``). What Streamlit's Markdown still finds in the text after parsing — web
  addresses (``http://``, ``www.``), e-mail addresses and shortcodes (``:smile:``,
  ``:material/…:``) — is broken by an invisible word joiner (U+2060), so it is neither a
  link nor an icon and looks the same.
* ``plotly``: for titles, subtitles, source lines, category labels, legend entries and hover
  text of a figure (plotly renders ``<b>``, ``<a href>``, ``<br>`` … in all of them, in the
  browser and in PNG/SVG exports): ``&``, ``<`` and ``>`` become entities, which plotly shows
  as the characters.
* ``from_plotly``: the reverse of ``plotly`` for text read back from a figure.

Both also turn control characters and line breaks into spaces (a value stays on its line).
"""

from __future__ import annotations

import html
import re

from domain.text import one_line

#: What can start Markdown anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~$&:])")
#: What starts a block at the beginning of a line: a heading, a bullet, a numbered item.
_BLOCK_START = re.compile(r"^(?:([#+\-])|([0-9]{1,9})([.)]))")
#: Where an invisible word joiner goes: inside ``:name:`` shortcodes (emoji,
#: ``:material/icon:``), after the colon of ``://``, after ``www`` of ``www.`` and before
#: ``@`` — what Streamlit's Markdown turns into icons and links after parsing.
_JOIN = re.compile(r"(?<=\\:)(?=[A-Za-z0-9+\-/\\_]+\\:)|(?<=\\:)(?=//)|(?i:(?<=www)(?=\.))"
                   r"|(?=@)")
WORD_JOINER = "\u2060"


def clean(value: object) -> str:
    """``value`` as one line of text: control characters and line breaks become spaces,
    runs of whitespace one space, no leading or trailing space."""
    return one_line(value)


def markdown(value: object) -> str:
    """``value`` as it reads in a Streamlit Markdown element: shown as written."""
    escaped = _INLINE.sub(r"\\\1", clean(value))
    escaped = _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return _JOIN.sub(WORD_JOINER, escaped)


def plotly(value: object) -> str:
    """``value`` as it reads in a plotly figure's text: shown as written."""
    return html.escape(clean(value), quote=False)


def from_plotly(text: str) -> str:
    """Text of a figure (``plotly`` escaped) as plain text again."""
    return html.unescape(text)
