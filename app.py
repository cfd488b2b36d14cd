"""Dasbor PMI Banten — entry point: ``streamlit run app.py``.

Builds the store from the shipped data on first start, sets up the shared view (language,
series, filter bar — all kept in the URL) and hands over to the page navigation.

The URL is untrusted: malformed parameters are dropped before anything reads them
(dashboard/state.py). Each page runs inside an error boundary (dashboard/errors.py): an
unexpected exception shows a friendly message and is logged, never shown as a traceback.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import context, errors, history, navigation, presentation, state
from dashboard.i18n import t
from dashboard.page_language import set_page_language

st.set_page_config(page_title="Dasbor PMI Banten", page_icon="📊", layout="wide",
                   initial_sidebar_state="auto")
st.html(f"<style>{(Path(__file__).parent / 'dashboard' / 'style.css').read_text()}</style>")

lang = state.language()
set_page_language(lang)  # <html lang> follows the language switch (screen readers)
with errors.boundary(lang, "URL check"):
    state.clean_url()  # before any page reads the URL
history.follow_back_and_forward()
# Page files are named in English and served under Indonesian paths; the two differ on
# purpose: Streamlit also maps files in pages/ to paths by file name (its older multipage
# mode), and a path that matched a file name would run that page without this script.
PAGES = (
    ("pages/overview.py", "nav.ringkasan", "ringkasan", ":material/dashboard:"),
    ("pages/trends.py", "nav.tren", "tren", ":material/show_chart:"),
    ("pages/schemes.py", "nav.skema", "skema", ":material/account_tree:"),
    ("pages/sectors.py", "nav.sektor", "sektor", ":material/work:"),
    ("pages/destinations.py", "nav.negara", "negara", ":material/public:"),
    ("pages/map.py", "nav.peta", "peta", ":material/map:"),
    ("pages/internships.py", "nav.pemagangan", "pemagangan", ":material/school:"),
    ("pages/performance.py", "nav.kinerja", "kinerja", ":material/flag:"),
    ("pages/data_table.py", "nav.data", "data", ":material/table:"),
    ("pages/updates.py", "nav.pembaruan", "pembaruan", ":material/update:"),
    ("pages/about.py", "nav.tentang", "tentang", ":material/info:"),
    ("pages/feedback.py", "nav.masukan", "masukan", ":material/feedback:"),
    ("pages/maintainer.py", "nav.kelola", "kelola", ":material/admin_panel_settings:"),
)
#: Pages that show placement figures: only they get the series picker, the filter bar and the
#: presentation mode (the others would show controls that change nothing on them).
PLACEMENT_PAGES = frozenset({"pages/overview.py", "pages/trends.py", "pages/schemes.py",
                             "pages/sectors.py", "pages/destinations.py", "pages/map.py",
                             "pages/data_table.py"})
pages = [st.Page(path, title=t(key, lang), url_path=url, icon=icon)
         for path, key, url, icon in PAGES]
# The first page is also the app's root ("/"): Streamlit serves its default page only there,
# so the root is a hidden second entry of the same file and /ringkasan stays a real address.
home = st.Page(PAGES[0][0], title=t(PAGES[0][1], lang), url_path=navigation.HOME_PATH,
               icon=PAGES[0][3], default=True, visibility="hidden")
# Streamlit's own menu would drop the view's parameters: the sidebar lists the pages with
# links that carry them (dashboard/navigation.py). The maintainers' page keeps its address but
# is listed only to a signed-in maintainer.
page = st.navigation([home, *pages], position="hidden")
page_file = PAGES[0][0] if page is home else PAGES[pages.index(page)][0]
maintainer = pages[[p for p, *_ in PAGES].index("pages/maintainer.py")]
with st.sidebar:
    navigation.links(pages, hidden=() if st.session_state.get(navigation.MAINTAINER_SIGNED_IN)
                     else (maintainer,))
    st.markdown(f"### {t('app.title', lang)}")
    st.caption(t("app.tagline", lang))
controls = page_file in PLACEMENT_PAGES
# st.stop, st.rerun and st.switch_page pass through the boundary; any other exception of the
# view set-up, the presentation or the page becomes the translated "error.page" message.
with errors.boundary(lang, page_file):
    view = context.setup(controls)
    if view is None:
        st.info(t("message.no_series", lang))
        st.stop()
    if presentation.active():
        presentation.show(view)
        st.stop()
    if controls:
        with st.sidebar:
            if st.button(t("presentation.toggle", lang), icon=":material/slideshow:",
                         key="presentation_on"):
                st.query_params[presentation.PARAM] = presentation.VALUE
                st.rerun()
    page.run()
