"""The thin MkDocs adapter: events in, calls to the engine-agnostic stages out.

Moving to another engine (Zensical) means rewriting this package only.
"""
