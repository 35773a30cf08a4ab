"""Seeded benchmark files built from ``synthetic`` people (no real people): a customer
file with several messy records per person (dedupe), and a skip-trace return with the
decoys a vendor really sends back (father and son, twins, namesakes, co-residents) and
debtors the vendor has no record of."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from skiptrace.matching.synthetic import FIRST, LAST, messy_copy, person

Row = dict[str, str]

DECOY_KINDS = ("jr/sr", "twin", "namesake", "co-resident")


def _swap_names(row: Row) -> None:
    row["first_name"], row["last_name"] = row["last_name"], row["first_name"]


def _dob_typo(rng: random.Random, row: Row) -> None:
    """One digit of the year or the day keyed wrong, kept a real date."""
    if not row.get("dob"):
        return
    born = date.fromisoformat(row["dob"]) if "-" in row["dob"] else None
    if born is None:
        return
    if rng.random() < 0.5:
        year = born.year + rng.choice((-1, 1, -10, 10))
        row["dob"] = born.replace(year=year, day=min(born.day, 28)).isoformat()
    else:
        day = born.day + 1 if born.day < 28 else born.day - 1
        row["dob"] = born.replace(day=day).isoformat()


def _copy(rng: random.Random, row: Row, record_id: str) -> Row:
    """A messy copy that may also have its names swapped or a DOB typo on top."""
    base = dict(row)
    if rng.random() < 0.08:
        _dob_typo(rng, base)
    out = messy_copy(rng, base, 0)
    out["id"] = record_id
    if rng.random() < 0.06:
        _swap_names(out)
    return out


@dataclass(frozen=True)
class DuplicateFile:
    """One file with several records per person; ``person`` maps each record id to the
    person it stands for (relatives living with them are other people)."""

    rows: list[Row]
    person: dict[str, str]

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair within each person's records (ordered as they appear in the file)."""
        order = {r["id"]: k for k, r in enumerate(self.rows)}
        groups: dict[str, list[str]] = {}
        for rid, pid in self.person.items():
            groups.setdefault(pid, []).append(rid)
        out = set()
        for ids in groups.values():
            ids.sort(key=order.__getitem__)
            out |= {(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]}
        return out


def duplicate_file(people: int, seed: int = 31, households: float = 0.05) -> DuplicateFile:
    """``people`` people, each on file one to five times (each copy with its own moves,
    typos, nicknames, swapped names and missing values), plus relatives at the address
    of ``households`` of them (on file once or twice)."""
    rng = random.Random(seed)
    rows: list[Row] = []
    owner: dict[str, str] = {}
    for p in range(people):
        base = person(rng, p)
        copies = rng.choices((1, 2, 3, 4, 5), weights=(40, 25, 15, 10, 10))[0]
        for _ in range(copies):
            rid = f"D{len(rows)}"
            rows.append(
                _copy(rng, base, rid) if rows and rng.random() < 0.9 else dict(base, id=rid)
            )
            owner[rid] = f"P{p}"
        if rng.random() < households:
            kin = _relative(rng, base, p + people)
            for _ in range(rng.randint(1, 2)):
                rid = f"D{len(rows)}"
                rows.append(_copy(rng, kin, rid))
                owner[rid] = f"P{p + people}"
    rng.shuffle(rows)
    return DuplicateFile(rows, owner)


def _relative(rng: random.Random, row: Row, pid: int) -> Row:
    out = dict(person(rng, pid), last_name=row["last_name"])
    for k in ("address1", "address2", "city", "state", "zip", "phone"):
        out[k] = row[k]
    return out


def _at_home(rng: random.Random, decoy: Row, debtor: Row, share: float, phone: float) -> None:
    if rng.random() < share:
        for k in ("address1", "address2", "city", "state", "zip"):
            decoy[k] = debtor[k]
    if rng.random() < phone:
        decoy["phone"] = debtor["phone"]


def _generation(rng: random.Random, debtor: Row, pid: int) -> Row:
    """The debtor's father or son: the same first, last and often middle name, born a
    generation apart, Jr/Sr written at times, usually at the same address."""
    out = dict(person(rng, pid), first_name=debtor["first_name"], last_name=debtor["last_name"])
    if rng.random() < 0.6:
        out["middle_name"] = debtor["middle_name"]
    born = date.fromisoformat(debtor["dob"])
    gap = timedelta(days=rng.randint(18 * 365, 40 * 365))
    older = born + gap > date(2006, 1, 1) or ((born - gap).year > 1905 and rng.random() < 0.5)
    out["dob"] = (born - gap if older else born + gap).isoformat()
    if rng.random() < 0.5:
        out["suffix"] = "Sr" if older else "Jr"
    _at_home(rng, out, debtor, 0.75, 0.5)
    return out


def _twin(rng: random.Random, debtor: Row, pid: int) -> Row:
    out = dict(person(rng, pid), last_name=debtor["last_name"], dob=debtor["dob"])
    while out["first_name"] == debtor["first_name"]:
        out["first_name"] = rng.choice(FIRST)
    _at_home(rng, out, debtor, 0.8, 0.5)
    return out


def _namesake(rng: random.Random, debtor: Row, pid: int) -> Row:
    return dict(person(rng, pid), first_name=debtor["first_name"], last_name=debtor["last_name"])


def _co_resident(rng: random.Random, debtor: Row, pid: int) -> Row:
    out = person(rng, pid)
    if rng.random() < 0.5:
        out["last_name"] = debtor["last_name"]
    born = date.fromisoformat(debtor["dob"])
    out["dob"] = (born + timedelta(days=rng.randint(-3650, 3650))).isoformat()
    _at_home(rng, out, debtor, 1.0, 0.4)
    return out


MEN = frozenset(FIRST[: FIRST.index("Mary")])
_MAKERS = {"jr/sr": _generation, "twin": _twin, "namesake": _namesake,
           "co-resident": _co_resident}  # fmt: skip
_RATES = {"jr/sr": 0.25, "twin": 0.05, "namesake": 0.15, "co-resident": 0.25}


@dataclass(frozen=True)
class SkipTraceReturn:
    """Debtors, what a vendor returned for them, the true (debtor, record) links,
    the kind of every decoy record and the debtors the vendor has no record of."""

    debtors: list[Row]
    returned: list[Row]
    truth: set[tuple[str, str]]
    decoys: dict[tuple[str, str], str]
    no_hit: set[str]


def skiptrace_return(debtors: int, seed: int = 41, no_hit: float = 0.15) -> SkipTraceReturn:
    """``debtors`` debtors and a vendor return: for most, the debtor's own record as the
    vendor has it (moved, nicknamed, married, misspelt, fields missing); for every
    debtor, decoys at the rates of ``_RATES``, each a messy record of another person."""
    rng = random.Random(seed)
    left: list[Row] = []
    right: list[Row] = []
    truth: set[tuple[str, str]] = set()
    decoys: dict[tuple[str, str], str] = {}
    missing: set[str] = set()
    for k in range(debtors):
        debtor = dict(person(rng, k), id=f"A{k}")
        if rng.random() < 0.5:
            debtor["middle_name"] = ""
        if rng.random() < 0.1:
            debtor["ssn"] = ""
        made = []
        for kind, rate in _RATES.items():
            if kind == "jr/sr" and debtor["first_name"] not in MEN:
                continue  # Jr and Sr are fathers' and sons' names
            if rng.random() < rate:
                made.append((kind, _MAKERS[kind](rng, debtor, 10 * debtors + len(right))))
        for kind, other in made:
            if kind == "jr/sr" and other.get("suffix") and rng.random() < 0.4:
                debtor["suffix"] = "Jr" if other["suffix"] == "Sr" else "Sr"
        if rng.random() >= no_hit:
            own = _copy(rng, debtor, f"V{len(right)}")
            if rng.random() < 0.08:  # married since the account opened
                own["last_name"] = rng.choice(LAST)
            right.append(own)
            truth.add((debtor["id"], own["id"]))
        else:
            missing.add(debtor["id"])
        for kind, other in made:
            record = _copy(rng, other, f"V{len(right)}")
            right.append(record)
            decoys[(debtor["id"], record["id"])] = kind
        # a few accounts were opened without a date of birth
        if rng.random() < 0.05:
            debtor["dob"] = ""
        left.append(debtor)
    rng.shuffle(right)
    return SkipTraceReturn(left, right, truth, decoys, missing)
