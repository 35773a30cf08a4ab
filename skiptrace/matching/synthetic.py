"""Synthetic people and their messy second records (seeded; no real people), for the
shipped default weights, the benchmarks and tests. Rows use the portfolio's columns."""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

FIRST = [
    "James",
    "Robert",
    "John",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Steven",
    "Andrew",
    "Kenneth",
    "Kevin",
    "Brian",
    "Edward",
    "Ronald",
    "Timothy",
    "Jason",
    "Jeffrey",
    "Gary",
    "Nicholas",
    "Eric",
    "Stephen",
    "Jonathan",
    "Larry",
    "Justin",
    "Scott",
    "Brandon",
    "Samuel",
    "Benjamin",
    "Gregory",
    "Patrick",
    "Raymond",
    "Alexander",
    "Jose",
    "Luis",
    "Carlos",
    "Juan",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Nancy",
    "Margaret",
    "Lisa",
    "Betty",
    "Dorothy",
    "Sandra",
    "Ashley",
    "Kimberly",
    "Donna",
    "Emily",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Laura",
    "Sharon",
    "Cynthia",
    "Kathleen",
    "Amy",
    "Angela",
    "Helen",
    "Anna",
    "Brenda",
    "Pamela",
    "Nicole",
    "Katherine",
    "Christine",
    "Maria",
    "Rosa",
]
NICK = {
    "Robert": "Bob",
    "William": "Bill",
    "James": "Jim",
    "Richard": "Dick",
    "Michael": "Mike",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Charles": "Chuck",
    "Elizabeth": "Liz",
    "Margaret": "Peggy",
    "Katherine": "Kate",
    "Patricia": "Patty",
    "Daniel": "Dan",
    "Anthony": "Tony",
    "Steven": "Steve",
    "Edward": "Ed",
    "Jennifer": "Jenny",
    "Rebecca": "Becky",
    "Deborah": "Debbie",
    "Susan": "Sue",
}
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
]
STREETS = [
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Walnut",
    "Sunset",
    "Jefferson",
    "Lincoln",
    "Highland",
    "Church",
    "Spring",
    "Ridge",
    "River",
    "Forest",
    "Meadow",
    "Willow",
    "Chestnut",
    "Franklin",
    "Madison",
    "Jackson",
    "Adams",
    "Cherry",
    "Valley",
    "Mill",
]
SUFFIX = [
    ("St", "Street"),
    ("Ave", "Avenue"),
    ("Dr", "Drive"),
    ("Rd", "Road"),
    ("Ln", "Lane"),
    ("Ct", "Court"),
    ("Blvd", "Boulevard"),
    ("Pl", "Place"),
]
DIRS = [("N", "North"), ("S", "South"), ("E", "East"), ("W", "West")]
CITIES = [
    ("Phoenix", "AZ", "850"),
    ("Charlotte", "NC", "282"),
    ("Columbus", "OH", "432"),
    ("Denver", "CO", "802"),
    ("Austin", "TX", "787"),
    ("Tampa", "FL", "336"),
    ("Atlanta", "GA", "303"),
    ("Portland", "OR", "972"),
    ("Omaha", "NE", "681"),
    ("Springfield", "IL", "627"),
    ("Albany", "NY", "122"),
    ("Boise", "ID", "837"),
]
AREA = ["602", "704", "614", "303", "512", "813", "404", "503", "402", "217", "518"]


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.6:  # a Zipf-like head of common names, then a long tail
        return LAST[min(int(rng.paretovariate(1.1)) - 1, len(LAST) - 1)]
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))).title()


def person(rng: random.Random, pid: int) -> dict[str, str]:
    """One synthetic person in portfolio columns."""
    city, state, zip3 = rng.choice(CITIES)
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 62))
    direction = rng.choice(DIRS)[0] + " " if rng.random() < 0.3 else ""
    unit = f"Apt {rng.randint(1, 40)}" if rng.random() < 0.2 else ""
    return {
        "id": f"P{pid}",
        "first_name": rng.choice(FIRST),
        "middle_name": rng.choice(string.ascii_uppercase) if rng.random() < 0.5 else "",
        "last_name": _surname(rng),
        "dob": born.isoformat(),
        "ssn": f"{rng.randint(100, 899)}{rng.randint(10, 99)}{rng.randint(1000, 9999)}",
        "address1": f"{rng.randint(1, 9999)} {direction}{rng.choice(STREETS)} "
        f"{rng.choice(SUFFIX)[0]}",
        "address2": unit,
        "city": city,
        "state": state,
        "zip": f"{zip3}{rng.randint(0, 99):02d}",
        "phone": f"{rng.choice(AREA)}{rng.randint(200, 999)}{rng.randint(1000, 9999)}",
    }


def typo(rng: random.Random, text: str) -> str:
    """``text`` with one keying error: a letter replaced, dropped or two transposed."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1 :]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def messy_copy(rng: random.Random, row: dict[str, str], pid: int) -> dict[str, str]:
    """The same person as another source writes them: moved, nicknamed, married,
    misspelt, a DOB typo or swap, fields missing, the address spelt out."""
    out = dict(row, id=f"Q{pid}")
    if rng.random() < 0.35:  # moved: new address and often a new phone
        fresh = person(rng, pid)
        for k in ("address1", "address2", "city", "state", "zip"):
            out[k] = fresh[k]
        if rng.random() < 0.6:
            out["phone"] = fresh["phone"]
    if rng.random() < 0.15 and out["first_name"] in NICK:
        out["first_name"] = NICK[out["first_name"]]
    if rng.random() < 0.08:
        out["first_name"] = typo(rng, out["first_name"])
    if rng.random() < 0.08:
        out["last_name"] = typo(rng, out["last_name"])
    if rng.random() < 0.05:
        out["last_name"] = f"{out['last_name']}-{_surname(rng)}"
    if rng.random() < 0.06:
        born = date.fromisoformat(out["dob"])
        if born.day <= 12 and rng.random() < 0.5:
            out["dob"] = born.replace(month=born.day, day=born.month).isoformat()
        else:  # one digit of the day off, kept a real date
            day = born.day + 1 if born.day % 10 != 9 and born.day < 28 else born.day - 1
            out["dob"] = born.replace(day=day).isoformat()
    for column in ("address1", "address2"):  # spell out abbreviations, as vendors do
        for short, long in (*SUFFIX, *DIRS):
            if rng.random() < 0.5:
                out[column] = out[column].replace(f" {short} ", f" {long} ")
                if out[column].endswith(f" {short}"):
                    out[column] = out[column][: -len(short)] + long
        out[column] = out[column].replace("Apt ", "#") if rng.random() < 0.5 else out[column]
    for column, rate in (("dob", 0.05), ("ssn", 0.5), ("phone", 0.3), ("middle_name", 0.3)):
        if rng.random() < rate:
            out[column] = ""
    if rng.random() < 0.5:
        out["dob"] = date.fromisoformat(out["dob"]).strftime("%m/%d/%Y") if out["dob"] else ""
    return out


def relative(rng: random.Random, row: dict[str, str], pid: int) -> dict[str, str]:
    """Another person at ``row``'s address: a parent or child with the same first name
    (Jr/Sr sometimes written), a twin, or a sibling or spouse; often the same phone."""
    out = dict(person(rng, pid), id=f"R{pid}")
    for k in ("address1", "address2", "city", "state", "zip"):
        out[k] = row[k]
    if rng.random() < 0.6:
        out["phone"] = row["phone"]
    born = date.fromisoformat(row["dob"])
    kind = rng.random()
    if kind < 0.35:  # father and son
        out["first_name"] = row["first_name"]
        years = rng.randint(18, 38) * (1 if born.year < 1975 and rng.random() < 0.5 else -1)
        out["dob"] = (born + timedelta(days=years * 365)).isoformat()
        if rng.random() < 0.3:
            older = out["dob"] < row["dob"]
            out["suffix"] = "Sr" if older else "Jr"
    elif kind < 0.5:  # twins
        out["dob"] = row["dob"]
    else:
        out["dob"] = (born + timedelta(days=rng.randint(-4000, 4000))).isoformat()
    if kind < 0.8 or rng.random() < 0.5:  # spouses keep their own surname at times
        out["last_name"] = row["last_name"]
    return out


def linked_files(
    n: int, overlap: float = 0.5, seed: int = 7, households: float = 0.0
) -> tuple[list[dict[str, str]], list[dict[str, str]], set[tuple[str, str]]]:
    """A left file of ``n`` people and a right file of ``n``: ``overlap`` of them messy
    copies of left rows, the rest new people; with ``households``, that share of the
    left's people also have a relative at their address in the right file (and half as
    many in the left). Returns left, right and the true (left, right) links."""
    rng = random.Random(seed)
    left = [person(rng, i) for i in range(n)]
    right, truth = [], set()
    for i in range(n):
        if rng.random() < overlap:
            src = left[i]
            copy = messy_copy(rng, src, i)
            truth.add((src["id"], copy["id"]))
            right.append(copy)
        else:
            right.append(dict(person(rng, n + i), id=f"Q{i}"))
    kin = [relative(rng, left[i], 2 * n + i) for i in range(n) if rng.random() < households]
    for r in kin:
        copy = messy_copy(rng, r, int(r["id"][1:]))
        right.append(copy)
        if rng.random() < 0.5:  # the relative is on file too: a true link of its own
            left.append(r)
            truth.add((r["id"], copy["id"]))
    rng.shuffle(right)
    return left, right, truth
