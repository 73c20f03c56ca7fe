"""Rendering: Jinja2 pages and data files from the model, independent of any site engine."""
