"""Regency boundaries for the map (built in the map issue)."""
