"""The directory: every published program, sorted by name, with the three nearest
neighbours of each worked out once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.geography import Neighbour, nearest_neighbours
from generator.model.program import Program
from generator.text import sort_key

TELEHEALTH_ONLY = "Telehealth only"


@dataclass(frozen=True)
class Directory:
    programs: tuple[Program, ...]
    drafts: tuple[Program, ...] = ()
    by_slug: Mapping[str, Program] = field(init=False)
    neighbours: Mapping[str, tuple[Neighbour, ...]] = field(init=False)

    def __post_init__(self) -> None:
        # Frozen: the derived tables are set once, here.
        object.__setattr__(self, "by_slug", MappingProxyType({p.slug: p for p in self.programs}))
        nearest = nearest_neighbours({p.slug: p.points for p in self.programs})
        object.__setattr__(self, "neighbours", MappingProxyType(
            {slug: tuple(found) for slug, found in nearest.items()}))

    @classmethod
    def of(cls, programs: Sequence[Program]) -> Directory:
        """Published programs sorted by name (then slug); drafts kept apart."""
        published = sorted((p for p in programs if not p.is_draft),
                           key=lambda p: (sort_key(p.name), p.slug))
        return cls(tuple(published), tuple(p for p in programs if p.is_draft))

    def neighbours_of(self, slug: str) -> tuple[Neighbour, ...]:
        return self.neighbours.get(slug, ())

    def by_city(self) -> list[tuple[str, list[Program]]]:
        """Programs grouped by city (a program with two cities is in both); telehealth last."""
        groups: dict[str, list[Program]] = {}
        for program in self.programs:
            for city in program.cities or [TELEHEALTH_ONLY]:
                groups.setdefault(city, []).append(program)
        cities = sorted(c for c in groups if c != TELEHEALTH_ONLY)
        ordered = [(c, groups[c]) for c in cities]
        if TELEHEALTH_ONLY in groups:
            ordered.append((TELEHEALTH_ONLY, groups[TELEHEALTH_ONLY]))
        return ordered
