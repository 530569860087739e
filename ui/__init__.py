"""Shared Streamlit pieces: sign-in, navigation, translation, formatting, cached loaders."""
