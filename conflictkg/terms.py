"""The contract's domain terms, by their local names in the ontology (ckg:<name>): event types, casualty
outcomes, victim groups and count qualifiers. Each member is also its name as a string, so it compares, hashes
and formats as the name does, and `CKG[member]` is its IRI. Extraction uses these, never bare strings."""
from __future__ import annotations

from enum import Enum


class Term(str, Enum):
    """A term of the ontology: a string equal to its local name."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class EventType(Term):
    AirStrike = "AirStrike"
    Shelling = "Shelling"
    Bombing = "Bombing"
    ChemicalAttack = "ChemicalAttack"
    ArmedClash = "ArmedClash"
    TerritorialChange = "TerritorialChange"
    AttackOnCivilians = "AttackOnCivilians"
    Abduction = "Abduction"
    PropertyDestruction = "PropertyDestruction"
    Siege = "Siege"
    Displacement = "Displacement"
    CasualtyTally = "CasualtyTally"


class Outcome(Term):
    Killed = "Killed"
    Injured = "Injured"
    Abducted = "Abducted"
    Displaced = "Displaced"


class VictimGroup(Term):
    Civilians = "Civilians"
    Children = "Children"
    Women = "Women"
    Combatants = "Combatants"
    People = "People"


class Qualifier(Term):
    Exact = "Exact"
    Approximate = "Approximate"
    AtLeast = "AtLeast"
    MoreThan = "MoreThan"
    UpTo = "UpTo"
    Vague = "Vague"
