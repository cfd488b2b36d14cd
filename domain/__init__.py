"""Framework-free rules of the product that the loaders, the store's readers and the dashboard
share (no Streamlit, no plotly, no SQL here)."""
