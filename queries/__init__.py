"""The read side: plain functions `(session, viewer, *, filters) -> DataFrame | dataclass`.

They never import streamlit (so they test without it), apply the access
policy in SQL through db.access, and aggregate in the database.
"""
