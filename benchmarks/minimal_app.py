"""The floor of the page benchmarks: a minimal Streamlit page with one chart.

``streamlit run benchmarks/minimal_app.py``. The dashboard's pages are compared with it in the
same run (benchmarks/bench_concurrency.py, benchmarks/bench_pages.py), so that what the machine
and Streamlit itself cost is not counted against the dashboard.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Minimal")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
