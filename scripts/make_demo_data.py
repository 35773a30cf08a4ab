"""Generate the demo workspace's synthetic data (seeded; no real people).

Writes ``resources/demo/portfolio.csv`` (the accounts a collector works) and
``resources/demo/records.json.gz`` (the offline "public records" the demo connector
answers from). Debtors appear in the records under later addresses and changed numbers,
sometimes under a nickname or with a typo in the date of birth, beside decoys with
similar names who are not them, relatives at the same address, and a few deceased or
bankrupt people.

    python scripts/make_demo_data.py [--debtors 300] [--people 4000] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

from skiptrace.matching import synthetic

# Middle names by sex; both lists the same length, so a draw consumes the random stream
# exactly as the single list it replaced did (the rest of the demo data stays as it was).
MIDDLE = {
    "M": ["", "A", "J", "M", "Lee", "Wayne", "R"],
    "F": ["", "A", "J", "M", "Lee", "Ann", "R"],
}

FIRST = {
    "M": [
        "Robert",
        "William",
        "James",
        "John",
        "Michael",
        "Richard",
        "Thomas",
        "Charles",
        "Joseph",
        "Daniel",
        "Anthony",
        "Edward",
        "Christopher",
        "Matthew",
        "Steven",
        "Andrew",
        "Kenneth",
        "Jose",
        "Luis",
        "Kevin",
        "Brian",
        "Gregory",
        "Raymond",
        "Samuel",
        "Benjamin",
        "Patrick",
        "Alexander",
        "Jonathan",
        "Nicholas",
        "Timothy",
    ],
    "F": [
        "Margaret",
        "Elizabeth",
        "Patricia",
        "Jennifer",
        "Linda",
        "Barbara",
        "Susan",
        "Jessica",
        "Sarah",
        "Karen",
        "Nancy",
        "Deborah",
        "Katherine",
        "Rebecca",
        "Maria",
        "Rosa",
        "Christine",
        "Victoria",
        "Abigail",
        "Theresa",
        "Jacqueline",
        "Angela",
        "Michelle",
        "Stephanie",
        "Kimberly",
        "Amanda",
        "Dorothy",
        "Pamela",
        "Samantha",
        "Veronica",
    ],
}
NICK = {
    "Robert": "Bob",
    "William": "Bill",
    "James": "Jim",
    "John": "Jack",
    "Michael": "Mike",
    "Richard": "Dick",
    "Thomas": "Tom",
    "Charles": "Chuck",
    "Joseph": "Joe",
    "Daniel": "Dan",
    "Anthony": "Tony",
    "Edward": "Ted",
    "Christopher": "Chris",
    "Matthew": "Matt",
    "Steven": "Steve",
    "Andrew": "Andy",
    "Kenneth": "Ken",
    "Gregory": "Greg",
    "Raymond": "Ray",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Patrick": "Pat",
    "Alexander": "Alex",
    "Jonathan": "Jon",
    "Nicholas": "Nick",
    "Timothy": "Tim",
    "Margaret": "Peggy",
    "Elizabeth": "Liz",
    "Patricia": "Patty",
    "Jennifer": "Jen",
    "Barbara": "Barb",
    "Susan": "Sue",
    "Jessica": "Jess",
    "Katherine": "Kate",
    "Rebecca": "Becky",
    "Christine": "Chris",
    "Victoria": "Vicky",
    "Abigail": "Abby",
    "Theresa": "Terry",
    "Jacqueline": "Jackie",
    "Deborah": "Debbie",
    "Kimberly": "Kim",
    "Samantha": "Sam",
    "Dorothy": "Dot",
    "Pamela": "Pam",
}
# the matcher's synthetic surnames, then names that test spelling (apostrophes, particles)
LAST = [
    *synthetic.LAST,
    "Kowalski",
    "O'Brien",
    "McAllister",
    "Van Dyke",
    "Delacroix",
    "Okafor",
    "Nakamura",
    "Lindqvist",
    "Fitzgerald",
    "Abernathy",
]
STREETS = [
    "Main",
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Sunset",
    "Ridge",
    "Church",
    "Mill",
    "River",
    "Spring",
    "Highland",
    "Jefferson",
    "Lincoln",
    "Franklin",
    "Meadow",
    "Forest",
    "Walnut",
    "Chestnut",
]
# street suffixes in the order the demo draws them (the random stream its shipped data was
# made with); their long spellings, and the directionals, are the matcher's synthetic ones
SUFFIXES = ["St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Pl"]
CITIES = [
    ("Columbus", "OH", "432"),
    ("Dayton", "OH", "454"),
    ("Akron", "OH", "443"),
    ("Pittsburgh", "PA", "152"),
    ("Erie", "PA", "165"),
    ("Allentown", "PA", "181"),
    ("Louisville", "KY", "402"),
    ("Lexington", "KY", "405"),
    ("Indianapolis", "IN", "462"),
    ("Fort Wayne", "IN", "468"),
    ("Nashville", "TN", "372"),
    ("Memphis", "TN", "381"),
    ("Charlotte", "NC", "282"),
    ("Raleigh", "NC", "276"),
    ("Atlanta", "GA", "303"),
    ("Savannah", "GA", "314"),
    ("Tampa", "FL", "336"),
    ("Orlando", "FL", "328"),
    ("Phoenix", "AZ", "850"),
    ("Tucson", "AZ", "857"),
    ("Dallas", "TX", "752"),
    ("Austin", "TX", "787"),
    ("Denver", "CO", "802"),
    ("Newark", "NJ", "071"),
    ("Boston", "MA", "021"),
]
EMPLOYERS = [
    "Acme Logistics",
    "Riverside Hospital",
    "Summit Foods",
    "Keystone Plumbing",
    "Blue Ridge Call Center",
    "Tri-County Schools",
    "Midwest Freight",
    "Sunrise Home Care",
    "Metro Transit",
    "Harbor Warehouse",
    "Pioneer Auto Parts",
    "City of Columbus",
    "Lakeside Retail",
    "Northstar Security",
]
CREDITORS = [
    "First Horizon Card Services",
    "Valley Medical Center",
    "Apex Auto Finance",
    "Metro Utilities",
    "Pinecrest Apartments",
    "QuickCash Lending",
]
COLLECTORS = ["alice", "bruno", "chen", "dana"]
TODAY = date(2026, 10, 1)


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.ssn_seen: set[str] = set()
        self.phone_seen: set[str] = set()

    def ssn(self) -> str:
        while True:
            area = self.r.randint(1, 665)
            s = f"{area:03d}{self.r.randint(1, 99):02d}{self.r.randint(1, 9999):04d}"
            if s not in self.ssn_seen:
                self.ssn_seen.add(s)
                return s

    def phone(self, area: str | None = None) -> str:
        while True:
            a = area or self.r.choice(
                [
                    "614",
                    "937",
                    "330",
                    "412",
                    "814",
                    "502",
                    "859",
                    "317",
                    "615",
                    "704",
                    "404",
                    "813",
                    "602",
                    "214",
                ]
            )
            p = f"{a}{self.r.randint(2, 9)}{self.r.randint(0, 99):02d}{self.r.randint(0, 9999):04d}"
            if p not in self.phone_seen:
                self.phone_seen.add(p)
                return p

    def address(self, city: tuple[str, str, str] | None = None) -> dict[str, str]:
        r = self.r
        c = city or r.choice(CITIES)
        street = r.choice(STREETS)
        suffix = r.choice(SUFFIXES)
        direction = r.choice(synthetic.DIRS) if r.random() < 0.3 else None
        unit = f"Apt {r.randint(1, 40)}" if r.random() < 0.25 else ""
        line1 = (
            f"{r.randint(10, 9999)} "
            + (f"{direction[0]} " if direction else "")
            + f"{street} {suffix}"
        )
        return {
            "line1": line1,
            "line2": unit,
            "city": c[0],
            "state": c[1],
            "zip": f"{c[2]}{r.randint(1, 99):02d}",
        }

    def spelled_out(self, addr: dict[str, str]) -> dict[str, str]:
        """The same address written the long way, as another source might."""
        line1 = addr["line1"]
        for short, long in synthetic.SUFFIX:
            if line1.endswith(" " + short):
                line1 = line1[: -len(short)] + long
        for short, long in synthetic.DIRS:
            line1 = line1.replace(f" {short} ", f" {long} ")
        line2 = addr["line2"].replace("Apt ", "#") if addr["line2"] else ""
        return {**addr, "line1": line1, "line2": line2}

    def dob(self, lo: int = 1950, hi: int = 2002) -> date:
        return date(self.r.randint(lo, hi), self.r.randint(1, 12), self.r.randint(1, 28))

    def seen(self, years_ago_lo: float, years_ago_hi: float) -> tuple[str, str]:
        first = TODAY - timedelta(days=int(self.r.uniform(years_ago_lo, years_ago_hi) * 365))
        last = first + timedelta(days=self.r.randint(60, 900))
        return first.isoformat(), min(last, TODAY).isoformat()


def typo_dob(r: random.Random, d: date) -> date:
    if d.day <= 12 and r.random() < 0.5:
        return date(d.year, d.day, d.month)  # day/month swapped
    return date(d.year, d.month, min(28, max(1, d.day + r.choice([-1, 1]))))


def make(n_debtors: int, n_people: int, seed: int) -> tuple[list[dict[str, str]], list[dict]]:
    g = Gen(seed)
    r = g.r
    portfolio: list[dict[str, str]] = []
    records: list[dict] = []

    def record(person: dict, **over: object) -> dict:
        rec = {"record_id": f"R{len(records) + 100001}", **person, **over}
        records.append(rec)
        return rec

    for i in range(n_debtors):
        sex = r.choice("MF")
        first = r.choice(FIRST[sex])
        last = r.choice(LAST)
        dob = g.dob()
        ssn = g.ssn()
        old = g.address()
        old_phone = g.phone()
        account = {
            "account_id": f"DEMO-{10001 + i}",
            "first_name": first,
            "middle_name": r.choice(MIDDLE[sex]),
            "last_name": last,
            "suffix": "",
            "dob": dob.isoformat(),
            "ssn": ssn,
            "address1": old["line1"],
            "address2": old["line2"],
            "city": old["city"],
            "state": old["state"],
            "zip": old["zip"],
            "phone": old_phone,
            "email": f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}"
            f"{r.randint(1, 99)}@example.com"
            if r.random() < 0.5
            else "",
            "employer": r.choice(EMPLOYERS) if r.random() < 0.6 else "",
            "creditor": r.choice(CREDITORS),
            "balance": f"{r.uniform(120, 18000):.2f}",
            "assigned_to": r.choice(COLLECTORS),
            "status": r.choices(
                ["open", "closed", "recalled", "cease-contact", "litigation"], [85, 5, 3, 3, 4]
            )[0],
        }
        portfolio.append(account)
        if r.random() < 0.12:
            continue  # a vendor no-hit: the debtor is in no source
        moved = g.address(
            r.choice(CITIES)
            if r.random() < 0.5
            else next(c for c in CITIES if c[1] == old["state"])
        )
        shown_first = NICK.get(first, first) if r.random() < 0.25 else first
        shown_last = last
        if sex == "F" and r.random() < 0.15:
            shown_last = f"{last}-{r.choice(LAST)}"  # married, hyphenated
        shown_dob = typo_dob(r, dob) if r.random() < 0.08 else dob
        new_phone = g.phone()
        person = {
            "first_name": shown_first,
            "middle_name": account["middle_name"][:1],
            "last_name": shown_last,
            "suffix": "",
            "dob": shown_dob.isoformat(),
            "ssn_last4": ssn[-4:] if r.random() < 0.7 else "",
            "deceased": r.random() < 0.02,
            "bankruptcy": None,
            "employer": r.choice(EMPLOYERS) if r.random() < 0.5 else "",
        }
        if r.random() < 0.05:
            person["bankruptcy"] = {
                "chapter": r.choice([7, 13]),
                "filed": g.seen(0.2, 2)[0],
                "court": f"Bankr. {moved['state']}",
            }
        f_old, l_old = g.seen(5, 9)
        f_new, l_new = g.seen(0.1, 3)
        addresses = [
            {**old, "first_seen": f_old, "last_seen": l_old},
            {**moved, "first_seen": f_new, "last_seen": l_new},
        ]
        phones = [
            {
                "number": old_phone,
                "first_seen": f_old,
                "last_seen": l_old,
                "status": "disconnected" if r.random() < 0.5 else "",
            },
            {"number": new_phone, "first_seen": f_new, "last_seen": l_new, "status": ""},
        ]
        rec = record(person, addresses=addresses, phones=phones, source="demo-bureau")
        # a second source spells the new address out and knows only the new phone
        if r.random() < 0.5:
            record(
                {**person, "first_name": first, "ssn_last4": ""},
                addresses=[{**g.spelled_out(moved), "first_seen": f_new, "last_seen": l_new}],
                phones=[
                    {"number": new_phone, "first_seen": f_new, "last_seen": l_new, "status": ""}
                ],
                source="demo-utility",
            )
        # decoys: a namesake elsewhere, and a relative at the same address
        if r.random() < 0.6:
            decoy_addr = g.address()
            record(
                {
                    **person,
                    "first_name": first,
                    "dob": g.dob().isoformat(),
                    "ssn_last4": f"{r.randint(1, 9999):04d}",
                    "deceased": False,
                    "bankruptcy": None,
                },
                addresses=[
                    {
                        **decoy_addr,
                        **dict(zip(("first_seen", "last_seen"), g.seen(0.5, 4), strict=True)),
                    }
                ],
                phones=[
                    {"number": g.phone(), "first_seen": f_new, "last_seen": l_new, "status": ""}
                ],
                source="demo-bureau",
            )
        if r.random() < 0.3:
            relative_dob = (
                date(min(2005, dob.year + r.randint(20, 30)), dob.month, dob.day)
                if sex == "M" and r.random() < 0.5
                else g.dob(dob.year - 3, dob.year + 3)
            )
            record(
                {
                    **person,
                    "first_name": first if sex == "M" else r.choice(FIRST["M"]),
                    "suffix": "Jr" if r.random() < 0.5 else "",
                    "dob": relative_dob.isoformat(),
                    "ssn_last4": "",
                    "deceased": False,
                    "bankruptcy": None,
                },
                addresses=[{**moved, "first_seen": f_new, "last_seen": l_new}],
                phones=[],
                source="demo-bureau",
                relative_of=rec["record_id"],
            )
    while len(records) < n_people:
        sex = r.choice("MF")
        addr = g.address()
        fs, ls = g.seen(0.2, 8)
        record(
            {
                "first_name": r.choice(FIRST[sex]),
                "middle_name": "",
                "last_name": r.choice(LAST),
                "suffix": "",
                "dob": g.dob().isoformat(),
                "ssn_last4": f"{r.randint(1, 9999):04d}" if r.random() < 0.5 else "",
                "deceased": r.random() < 0.01,
                "bankruptcy": None,
                "employer": r.choice(EMPLOYERS) if r.random() < 0.4 else "",
            },
            addresses=[{**addr, "first_seen": fs, "last_seen": ls}],
            phones=[{"number": g.phone(), "first_seen": fs, "last_seen": ls, "status": ""}],
            source="demo-bureau",
        )
    return portfolio, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debtors", type=int, default=300)
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "resources" / "demo"
    )
    args = parser.parse_args()
    portfolio, records = make(args.debtors, args.people, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "portfolio.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(portfolio[0]))
        writer.writeheader()
        writer.writerows(portfolio)
    raw = gzip.GzipFile(args.out / "records.json.gz", "wb", mtime=0)  # reproducible bytes
    with io.TextIOWrapper(raw, encoding="utf-8") as fh:
        json.dump(
            {
                "generated_by": "scripts/make_demo_data.py",
                "seed": args.seed,
                "as_of": TODAY.isoformat(),
                "records": records,
            },
            fh,
            separators=(",", ":"),
        )
    print(f"{len(portfolio)} accounts, {len(records)} records -> {args.out}")


if __name__ == "__main__":
    main()
