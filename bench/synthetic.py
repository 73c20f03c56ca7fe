"""Generated programs for benchmarks: varied, valid, spread over the Austin area's ZIPs."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from generator.geography import rough_miles, town_name, zip_place, zip_records
from generator.settings import DOWNTOWN_AUSTIN

WORDS = [
    "Cedar", "Bluebonnet", "Limestone", "Pecan", "Riverbend", "Heron", "Mesquite", "Juniper",
    "Prairie", "Canyon", "Lantern", "Harbor", "Willow", "Sage", "Granite", "Meadow", "Summit",
    "Oak", "Cypress", "Trail", "Bridge", "Spring", "Hollow", "Ridge", "Creek", "Vista",
]
KINDS = ["Recovery", "Counseling", "Wellness", "IOP", "Behavioral Health", "Outpatient Center"]
THERAPIES = ["group", "individual", "family", "cbt", "dbt", "motivational-interviewing",
             "emdr", "trauma-informed", "mindfulness", "life-skills", "relapse-prevention",
             "medication-management", "mat"]
POPULATIONS = ["adults", "young-adults", "adolescents", "older-adults", "women", "men",
               "lgbtq", "veterans", "pregnant-postpartum"]
SENTENCES = [
    "Groups meet several days a week.", "A counselor meets each client alone once a week.",
    "Families are invited to an evening group twice a month.",
    "**Medication for addiction treatment** is offered on site.",
    "Peer recovery coaches co-lead some of the groups.",
    "A psychiatrist reviews medications every two weeks.",
    "Clients plan their step down to outpatient care before they finish.",
    "Help with transport is available for those without a car.",
    "Care follows a written plan agreed at the [first interview](https://example.org/).",
    "Groups are small, at most twelve people.",
]
HEADER = "# yaml-language-server: $schema=../generator/schema/program.schema.json\n"


def area_zips(radius_miles: float = 55) -> list[tuple[str, str, float, float]]:
    # The city as the validator expects it: the Postal Service's name for the ZIP, written
    # as the town's people write it (USPS "Mc Neil" is McNeil).
    places = (zip_place(row["zip_code"]) for row in zip_records())
    return [
        (z.zip, town_name(z.city), z.lat, z.lon)
        for z in places
        if z and z.state == "TX" and rough_miles(DOWNTOWN_AUSTIN, z.point) < radius_miles
    ]


def program(index: int, rng: random.Random, zips: list) -> tuple[str, dict]:
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)} {index}"
    slug = name.lower().replace(" ", "-")
    fmt = rng.choice(["in-person", "in-person", "hybrid", "telehealth"])
    record: dict = {
        "name": name,
        "organization": f"{rng.choice(WORDS)} Health Partners",
        "summary": f"Intensive outpatient care for {rng.choice(POPULATIONS)} with "
                   f"{rng.choice(['substance use', 'mental health', 'co-occurring'])} needs, "
                   f"{rng.choice(['morning', 'evening', 'weekend'])} groups and a personal plan.",
        # As the example listings have: without it every Spanish page warns.
        "spanish": {"summary": f"Atención ambulatoria intensiva, grupos de "
                               f"{rng.choice(['mañana', 'tarde', 'fin de semana'])} y un "
                               "plan personal."},
        # Each its own, as real listings' are: a cache of rendered descriptions must not
        # find them all the same.
        "description": f"{name} is a generated listing for benchmarks.\n\n" + "\n\n".join(
            " ".join(rng.sample(SENTENCES, rng.randint(2, 4))) for _ in range(rng.randint(1, 3))),
        "levels_of_care": ["iop", *rng.sample(["php", "op", "aftercare"], rng.randint(0, 2))],
        "conditions": rng.sample(["substance-use", "mental-health", "co-occurring"],
                                 rng.randint(1, 3)),
        "populations": rng.sample(POPULATIONS, rng.randint(1, 3)),
        "ages": {"min": 18},
        "therapies": rng.sample(THERAPIES, rng.randint(2, 7)),
        "schedule": {
            "days_per_week": rng.choice([3, 4, 5, {"min": 3, "max": 5}]),
            "hours_per_day": rng.choice([2.5, 3, 3.5, 4]),
            "tracks": rng.sample(["morning", "afternoon", "evening", "weekend"], rng.randint(1, 2)),
            "length_weeks": {"min": 6, "max": rng.choice([8, 10, 12, 16])},
            "format": fmt,
        },
        "accreditations": [
            {"body": b, "id": f"{b[:3].upper()}-{index}", "expires": "2028-06-30"}
            for b in rng.sample(["joint-commission", "carf", "ncqa", "coa", "hfap"],
                                rng.randint(0, 2))
        ],
        "licenses": [{
            "authority": "Texas Health and Human Services Commission (HHSC)",
            "type": "Chemical dependency treatment facility",
            "number": f"BENCH-{100000 + index}",
            "expires": "2028-01-31",
            "verify_url": "https://www.hhs.texas.gov/",
        }],
        "customization": {"individualized_plan": True, "assessment": "A first interview."},
        "payment": {k: rng.random() < 0.5 for k in
                    ("medicaid", "medicare", "tricare", "private_insurance", "self_pay",
                     "sliding_scale")},
        "languages": rng.choice([["en"], ["en", "es"], ["en", "vi"], ["en", "es", "zh"]]),
        "contact": {"phone": f"512-555-01{index % 100:02d}",
                    "website": f"https://{slug[:40].strip('-')}.example.org/"},
        "accepting_new_clients": rng.random() < 0.8,
        "verification": {"last_verified": "2026-10-01", "verified_by": "Bench Editor",
                         "method": "phone"},
        "example": True,
    }
    if fmt != "telehealth":
        record["locations"] = []
        for _ in range(rng.choice([1, 1, 1, 2])):
            zip_code, city, lat, lon = rng.choice(zips)
            record["locations"].append({
                "address": f"{rng.randint(100, 9999)} {rng.choice(WORDS)} Rd",
                "city": city, "state": "TX", "zip": zip_code,
                "coordinates": {"lat": round(lat + rng.uniform(-0.01, 0.01), 5),
                                "lon": round(lon + rng.uniform(-0.01, 0.01), 5)},
                "wheelchair_accessible": rng.random() < 0.8,
            })
    return slug, record


def write_programs(folder: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    zips = area_zips()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        slug, record = program(index, rng, zips)
        path = folder / f"{slug}.yaml"
        path.write_text(HEADER + yaml.safe_dump(record, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths
