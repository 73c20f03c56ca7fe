"""Data for the distance-based program finder (``/find/``): the two static JSON files the
finder page loads (the program index, the area's places) and its template's context."""

from generator.finder.index import finder_index
from generator.finder.page import finder_context
from generator.finder.places import area_places

__all__ = ["area_places", "finder_context", "finder_index"]
