"""The locator's service codes mapped to the record's vocabularies.

A JSON row lists ``services: [{f1, f2, f3}]``, ``f2`` a group code (SET service settings,
TC type of care, LCA licences and accreditations, PAY/PYAS payment, TAP/EDU/PHR/OT/OM/AS
treatment approaches, SG special groups, AGE, GN gender, SL/OL languages) and ``f3`` its
values joined by ``"; "``. Only what a value says is mapped; values that have no place in
the record are kept (``Facts.other``) for the description, for an editor to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.importers.samhsa.cleaning import clean_text
from generator.vocabulary import language_codes_by_name

# Each rule is (regular expression, value), matched case-insensitively against one
# value of a service group; the first matching rule wins.
Rule = tuple[str, str]

LEVEL_RULES: dict[str, list[Rule]] = {
    "SET": [
        (r"intensive outpatient", "iop"),
        (r"partial hospitali[sz]ation|day treatment", "php"),
        (r"detox", "detox"),
        (r"residential", "residential"),
        (r"regular outpatient", "op"),
    ],
    "TRSRV": [(r"aftercare|continuing care", "aftercare")],
}
ACCREDITATION_RULES: list[Rule] = [
    (r"joint commission|jcaho", "joint-commission"),
    (r"commission on accreditation of rehabilitation facilities|\bcarf\b", "carf"),
    (r"national committee for quality assurance|\bncqa\b", "ncqa"),
    (r"council on accreditation|\bcoa\b", "coa"),
    (r"healthcare facilities accreditation program|\bhfap\b", "hfap"),
    (r"accreditation commission for health ?care|\bachc\b", "achc"),
    (r"national association of addiction treatment providers|\bnaatp\b", "naatp"),
]
PAYMENT_RULES: list[Rule] = [
    (r"^medicaid$", "medicaid"),
    (r"^medicare$", "medicare"),
    (r"^private (health )?insurance$", "private_insurance"),
    (r"cash or self-?payment|^self-?pay", "self_pay"),
    (r"military insurance|tricare", "tricare"),
    (r"sliding fee", "sliding_scale"),
]
POPULATION_RULES: dict[str, list[Rule]] = {
    "SG": [
        (r"\bveterans?\b", "veterans"),
        (r"adolescent", "adolescents"),
        (r"^(adult )?women$", "women"),
        (r"^(adult )?men$", "men"),
        (r"seniors|older adults", "older-adults"),
        (r"young adults", "young-adults"),
        (r"pregnant|postpartum", "pregnant-postpartum"),
        (r"lesbian|gay|bisexual|transgender|lgbt", "lgbtq"),
        (r"military families", "families"),
    ],
    "AGE": [
        (r"^adults$", "adults"),
        (r"young adults", "young-adults"),
        (r"adolescent", "adolescents"),
        (r"seniors|older adults", "older-adults"),
    ],
}
# Values saying a facility does not use medication are checked before the MAT rules.
_NOT_MAT = r"^(do not|does not|accepts clients)|pain management"
_MAT = r"buprenorphine|methadone|naltrexone|acamprosate|disulfiram|opioid treatment program"
THERAPY_RULES: dict[str, list[Rule]] = {
    "TAP": [
        (r"cognitive behavioral", "cbt"),
        (r"dialectical behavior", "dbt"),
        (r"contingency management", "contingency-management"),
        (r"motivational interviewing", "motivational-interviewing"),
        (r"relapse prevention", "relapse-prevention"),
        (r"eye movement desensiti[sz]ation|\bemdr\b", "emdr"),
        (r"trauma", "trauma-informed"),
        (r"12-step|twelve-step", "twelve-step-facilitation"),
        (r"^group therapy", "group"),
        (r"^individual (psycho)?therapy", "individual"),
        (r"family therapy", "family"),
        (r"activity therapy", "experiential"),
        (r"psychotropic medication", "medication-management"),
    ],
    "EDU": [
        (r"^individual counseling", "individual"),
        (r"^group counseling", "group"),
        (r"^family counseling", "family"),
    ],
    "PHR": [(r"psychiatric", "medication-management"), (_MAT + r"|suboxone|vivitrol", "mat")],
    "OT": [(_NOT_MAT, ""), (_MAT, "mat")],
    "OM": [(_MAT, "mat")],
    "SET": [(_MAT, "mat")],
    "AS": [(r"peer[- ]support", "peer-support")],
}
CONDITION_RULES: dict[str, list[Rule]] = {
    "TC": [
        (r"co-?occurring|dual", "co-occurring"),
        (r"substance", "substance-use"),
        (r"mental health", "mental-health"),
    ],
    "SG": [(r"co-?occurring|dual diagnosis", "co-occurring")],
    "TAP": [(r"dual disorders|co-?occurring", "co-occurring")],
}
# type_facility / typeFacility values.
FACILITY_TYPES = {
    "sa": "substance-use", "su": "substance-use", "sud": "substance-use",
    "bupren": "substance-use", "otp": "substance-use", "mh": "mental-health",
    "substance abuse": "substance-use", "substance use": "substance-use",
    "mental health": "mental-health",
}  # fmt: skip

# How the description introduces the values of a group that the record has no field for.
OTHER_LABELS = {
    "SET": "Other service settings",
    "LCA": "Licensed, certified or accredited by",
    "TAP": "Other treatment approaches",
    "SG": "Other special programs or groups",
    "SL": "Language services",
    "OL": "Other languages",
}
# The vocabularies' values in running text ("a substance use treatment facility").
CONDITION_WORDS = {
    "substance-use": "substance use",
    "mental-health": "mental health",
    "co-occurring": "co-occurring (dual diagnosis)",
}
LEVEL_WORDS = {
    "iop": "intensive outpatient",
    "php": "partial hospitalization",
    "op": "outpatient",
    "residential": "residential",
    "detox": "detox",
    "aftercare": "aftercare",
}


@dataclass
class Facts:
    """What a JSON row's services say, mapped to the record's vocabularies."""

    levels: set[str] = field(default_factory=set)
    conditions: set[str] = field(default_factory=set)
    populations: set[str] = field(default_factory=set)
    therapies: set[str] = field(default_factory=set)
    accreditations: list[str] = field(default_factory=list)
    payment: dict[str, bool] = field(default_factory=dict)
    payment_other: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    other: dict[str, list[str]] = field(default_factory=dict)


def service_groups(services: object) -> dict[str, list[str]]:
    """{group code: [values]} from the API's services list, ignoring malformed items."""
    groups: dict[str, list[str]] = {}
    if not isinstance(services, list):
        return groups
    for item in services:
        if not isinstance(item, dict):
            continue
        code = clean_text(item.get("f2"))
        values = clean_text(item.get("f3"))
        if not code or not values:
            continue
        bucket = groups.setdefault(code.upper(), [])
        for value in (clean_text(v) for v in values.split(";")):
            if value and value not in bucket:
                bucket.append(value)
    return groups


def in_order(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """The values in a vocabulary's order, each once; values not in it are dropped."""
    present = set(values)
    return [v for v in order if v in present]


def conditions_from_file_name(name: str) -> list[str]:
    """SAMHSA names its exports by facility type; used only when a row does not say."""
    words = set(re.split(r"[^a-z]+", name.lower()))
    found = []
    if words & {"substance", "sa", "sud", "su"}:
        found.append("substance-use")
    if words & {"mental", "mh"}:
        found.append("mental-health")
    return found


def _first_match(value: str, rules: Iterable[Rule]) -> str | None:
    for pattern, target in rules:
        if re.search(pattern, value, re.IGNORECASE):
            return target
    return None


def map_services(groups: dict[str, list[str]]) -> Facts:
    facts = Facts(settings=list(groups.get("SET", [])))
    _map_levels(groups, facts)
    for code, rules in POPULATION_RULES.items():
        _apply(groups.get(code, []), rules, facts.populations, facts, code, other=code == "SG")
    genders = {v.lower() for v in groups.get("GN", [])}
    if genders in ({"male"}, {"female"}):  # a single gender accepted
        facts.populations.add("men" if genders == {"male"} else "women")
    for code, rules in THERAPY_RULES.items():
        _apply(groups.get(code, []), rules, facts.therapies, facts, code, other=code == "TAP")
    for code, rules in CONDITION_RULES.items():
        for value in groups.get(code, []):
            target = _first_match(value, rules)
            if target:
                facts.conditions.add(target)
                if code == "TC" and target == "co-occurring" and "substance" in value.lower():
                    facts.conditions.update({"substance-use", "mental-health"})
    _map_accreditations(groups.get("LCA", []), facts)
    _map_payment(groups.get("PAY", []) + groups.get("PYAS", []), facts)
    _map_languages(groups.get("SL", []) + groups.get("OL", []), facts, groups)
    return facts


def _map_levels(groups: dict[str, list[str]], facts: Facts) -> None:
    for code, rules in LEVEL_RULES.items():
        for value in groups.get(code, []):
            target = _first_match(value, rules)
            if target:
                facts.levels.add(target)
            elif code == "SET" and value.lower() != "outpatient" and not re.search(_MAT, value):
                facts.other.setdefault("SET", []).append(value)
    # "Outpatient" is the umbrella of every outpatient setting: it means regular
    # outpatient care only when no more specific outpatient setting is listed.
    settings = [v.lower() for v in groups.get("SET", [])]
    specific = [v for v in settings if "outpatient" in v and v != "outpatient"]
    if "outpatient" in settings and not specific and not facts.levels & {"iop", "php"}:
        facts.levels.add("op")


def _apply(
    values: list[str], rules: list[Rule], into: set[str], facts: Facts, code: str, other: bool
) -> None:
    """Map values by rules; with other=True keep unmapped ones for the description."""
    for value in values:
        target = _first_match(value, rules)
        if target:
            into.add(target)
        elif target is None and other and not _is_condition(code, value):
            facts.other.setdefault(code, []).append(value)


def _is_condition(code: str, value: str) -> bool:
    return _first_match(value, CONDITION_RULES.get(code, [])) is not None


def _map_accreditations(values: list[str], facts: Facts) -> None:
    for value in values:
        body = _first_match(value, ACCREDITATION_RULES)
        if body and body not in facts.accreditations:
            facts.accreditations.append(body)
        elif not body:
            facts.other.setdefault("LCA", []).append(value)


def _map_payment(values: list[str], facts: Facts) -> None:
    for value in values:
        key = _first_match(value, PAYMENT_RULES)
        if key:
            facts.payment[key] = True  # the data only ever says yes; never write False
        else:
            facts.payment_other.append(value)


def _map_languages(values: list[str], facts: Facts, groups: dict[str, list[str]]) -> None:
    """Languages by their English (CLDR) names; a language without an ISO 639-1 code
    (Hmong, Creole, American Sign Language) is told in the description, not coded."""
    codes = language_codes_by_name()
    for value in values:
        code = codes.get(value.lower().strip(" ."))
        if code:
            if code not in facts.languages:
                facts.languages.append(code)
        else:
            group = "OL" if value in groups.get("OL", []) else "SL"
            facts.other.setdefault(group, []).append(value)
    if facts.languages and "en" not in facts.languages:
        facts.languages.insert(0, "en")  # "other languages" are offered besides English
