"""Back and forward in the browser: Streamlit adds a history entry for each change of the
query string but does not rerun the script when the user goes back or forward to one. This
installs one listener in the page that reloads it on such a move, so the view is rebuilt from
the URL (the single source of truth, dashboard/context.py). The script runs in a zero-height
component frame of the same origin; nothing is loaded from outside."""

from __future__ import annotations

import streamlit as st

SCRIPT = """
<script>
(function () {
  const top = window.parent;
  if (!top || top.__pmiHistoryListener) { return; }
  top.__pmiHistoryListener = true;
  top.addEventListener("popstate", function () { top.location.reload(); });
})();
</script>
"""


def follow_back_and_forward() -> None:
    # no keyboard stop: the frame shows nothing (an invisible focus stop, found in issue 18)
    st.iframe(SCRIPT, height=1, tab_index=-1)
