"""A generated search log with clean activity, and anomalies planted into it on request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from skiptrace.model import AccountStatus, Address, Debtor
from skiptrace.review.profiles import set_profile
from skiptrace.review.settings import WatchedPerson, save_params, set_watch_list
from skiptrace.searchlog.events import (
    CONTACT_ATTEMPT,
    LEAD_DISPOSITION,
    PII_REVEALED,
    SEARCH_COMPLETED,
)
from skiptrace.store import schema
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.loggen import Planned, bulk_append, search

START = date(2026, 3, 2)  # a Monday
DAYS = 28
END = START + timedelta(days=DAYS - 1)
COLLECTORS = {
    "alice": ("Anders", "1 Alpha Rd, Springfield, IL 62701"),
    "bob": ("Baxter", "2 Beta Ave, Springfield, IL 62702"),
    "carol": ("Chen", "3 Gamma Ln, Springfield, IL 62703"),
}


@dataclass
class ReviewLog:
    """The workspace, the range it covers and which entries were planted for which rule."""

    ws: Workspace
    planted: dict[str, list[int]] = field(default_factory=dict)
    plan: list[tuple[str, Planned]] = field(default_factory=list)
    debtors: list[Debtor] = field(default_factory=list)
    scra: list[dict[str, object]] = field(default_factory=list)
    counter: int = 0

    def debtor(
        self, owner: str, status: AccountStatus = AccountStatus.OPEN, **over: object
    ) -> Debtor:
        self.counter += 1
        n = self.counter
        values: dict[str, object] = {
            "account_id": f"A-{n:05d}",
            "first_name": f"Given{n}",
            "last_name": f"Family{n}",
            "addresses": (Address(f"{n} Elm St", "", "Dayton", "OH", "45402"),),
            "assigned_to": owner,
            "status": status,
        }
        values.update(over)
        d = Debtor(**values)  # type: ignore[arg-type]
        self.debtors.append(d)
        return d

    def add_search(
        self,
        kind: str,
        when: datetime,
        user: str,
        d: Debtor | None,
        disposed: bool = True,
        completed: bool = True,
        **over: object,
    ) -> None:
        aid = over.pop("account_id", d.account_id if d else "X-404")
        name = str(over.pop("name", d.full_name if d else "Unknown Person"))
        addresses = tuple(a.one_line() for a in d.addresses) if d else ()
        addresses = over.pop("addresses", addresses)  # type: ignore[assignment]
        self.counter += 1
        over.setdefault(
            "justification", f"Mail returned for {aid}; confirming address, ref {self.counter}"
        )
        ts = when.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        started = search(ts, user, str(aid), name, addresses, **over)
        self.plan.append((kind, started))
        if completed:  # as end_search writes it, naming the search it closes
            done = (when + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
            self.plan.append(
                ("", Planned(done, user, event=SEARCH_COMPLETED, account_id=str(aid),
                             justification="", purposes="", purpose_source="",
                             details={"search_id": started.details["search_id"],
                                      "outcomes": {}}))
            )  # fmt: skip
        if disposed:
            later = (when + timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
            self.plan.append(
                (
                    "",
                    Planned(
                        later,
                        user,
                        event=LEAD_DISPOSITION,
                        account_id=str(aid),
                        subject_type="",
                        purposes="",
                        purpose_source="",
                        justification="",
                    ),
                )
            )

    def add_call(self, kind: str, when: datetime, user: str, d: Debtor, **over: object) -> None:
        """A ``contact.attempt`` entry as ``record_attempt`` writes it (a New York consumer)."""
        ts = when.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        check = {"zones": ["America/New_York"], "reassigned": over.pop("reassigned", None)}
        details = {"phone": "+12125550100", "outcome": "no-answer", "direction": "out",
                   "consumer_requested": False, "called_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "third_party": "", "exception": "", "check": check, **over}  # fmt: skip
        self.plan.append((kind, Planned(ts, user, event=CONTACT_ATTEMPT, account_id=d.account_id,
                                        subject_type="", purposes="", purpose_source="",
                                        justification="", details=details)))  # fmt: skip

    def add_scra(self, d: Debtor, status: str) -> None:
        """An SCRA result on file for an account."""
        self.scra.append({"account_id": d.account_id, "status": status,
                          "status_date": "2026-03-01", "certificate_id": "C-1",
                          "loaded_at": "2026-03-01T00:00:00Z"})  # fmt: skip

    def add_reveal(self, kind: str, when: datetime, user: str, d: Debtor) -> None:
        ts = when.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        self.plan.append(
            (kind, Planned(ts, user, event=PII_REVEALED, account_id=d.account_id,
                           subject_type="", purposes="", purpose_source="", justification="",
                           details={"field": "ssn", "reason": "Confirm identity on a call"}))
        )  # fmt: skip

    def write(self) -> None:
        with write_connection(self.ws.engine) as conn, conn.begin():
            save_debtors(conn, self.debtors, self.ws.cipher, "test")
            if self.scra:
                conn.execute(schema.scra_results.insert(), self.scra)
        self.plan.sort(key=lambda kp: kp[1].ts)
        first = self.ws.log.head().seq + 1
        bulk_append(self.ws, (p for _, p in self.plan))
        for i, (kind, _) in enumerate(self.plan):
            if kind and kind != "clean":
                self.planted.setdefault(kind, []).append(first + i)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def clean_log(ws: Workspace) -> ReviewLog:
    """Three collectors working their own accounts in office hours, one disposition a search."""
    for user, (last, address) in COLLECTORS.items():
        set_profile(ws.engine, user, last, address)
    save_params(ws.engine, "off-hours", {"timezone": "UTC"})
    set_watch_list(
        ws.engine,
        [WatchedPerson("Jane Q Employee", "77 Staff Way, Dayton, OH 45402", "employee")],
    )
    log = ReviewLog(ws)
    for user in COLLECTORS:
        accounts = [log.debtor(user) for _ in range(40)]
        k = 0
        for offset in range(DAYS):
            day = START + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            for slot in range(6):
                log.add_search("clean", at(day, 9 + slot), user, accounts[k % len(accounts)])
                k += 1
        # a reveal on an account searched under a purpose earlier that day: nothing amiss
        log.add_reveal("clean", at(START + timedelta(days=1), 9, 30), user, accounts[1])
    return log


def plant_all(log: ReviewLog) -> None:
    """One or more searches for every anomaly rule, labelled by the rule expected to fire."""
    day = START + timedelta(days=15)  # a Tuesday, with two weeks of history before it
    add, new = log.add_search, log.debtor
    add("account-standing:not in the portfolio", at(day, 10, 5), "alice", None)
    add("account-standing:is closed", at(day, 10, 10), "alice", new("alice", AccountStatus.CLOSED))
    add(
        "account-standing:is recalled",
        at(day, 10, 15),
        "alice",
        new("alice", AccountStatus.RECALLED),
    )
    add("account-standing:assigned to alice", at(day, 10, 20), "bob", new("alice"))
    spike_day = START + timedelta(days=22)
    for i in range(40):
        add(
            "volume-spike:times their average",
            at(spike_day, 8, 0) + timedelta(minutes=4 * i),
            "carol",
            new("carol"),
        )
    add("off-hours:outside business hours", at(day, 23, 30), "alice", new("alice"))
    add("off-hours:Saturday", at(START + timedelta(days=12), 11), "bob", new("bob"))
    repeat = new("carol")
    for h in (10, 11, 12, 13):
        add("repeat-no-disposition:4 times", at(day, h, 40), "carol", repeat, disposed=False)
    add(
        "purpose-subject:covers only: debtor",
        at(day, 14, 5),
        "bob",
        new("bob"),
        subject_type="third-party",
        purposes="dppa-2721b3",
    )
    for i in range(10):
        add(
            "copied-justification:word for word",
            at(day, 15, 3 * i),
            "bob",
            new("bob"),
            justification="Skip trace needed to locate debtor for collection",
        )
    add(
        "dppa-b4-no-litigation:no litigation flag",
        at(day, 16, 5),
        "alice",
        new("alice"),
        purposes="dppa-2721b4",
    )
    checked = new("alice", AccountStatus.LITIGATION)
    log.add_scra(checked, "no-record")
    add("clean", at(day, 16, 10), "alice", checked, purposes="dppa-2721b4")
    add(
        "watch-list:by name",
        at(day, 16, 15),
        "bob",
        new("bob", first_name="Jane", last_name="Employee"),
    )
    add(
        "watch-list:address matches",
        at(day, 16, 20),
        "bob",
        new("bob", addresses=(Address("77 Staff Way", "Apt 2", "Dayton", "OH", "45402"),)),
    )
    add(
        "collector-relation:also the surname of bob",
        at(day, 16, 25),
        "bob",
        new("bob", last_name="Baxter"),
    )
    add(
        "weak-justification:repeats one character",
        at(day, 16, 40),
        "bob",
        new("bob"),
        justification="x" * 25,
    )
    add(
        "weak-justification:says little about the account",
        at(day, 16, 45),
        "bob",
        new("bob"),
        justification="Collection of an account, skip trace",
    )
    add(
        "never-completed:search started, never completed",
        at(day, 16, 35),
        "alice",
        new("alice"),
        completed=False,
    )
    log.add_reveal("reveal-without-search:no search under a permissible purpose",
                   at(day, 11, 7), "alice", new("alice"))  # fmt: skip
    add(
        "collector-relation:home address of carol",
        at(day, 16, 30),
        "carol",
        new("carol", addresses=(Address("3 Gamma Lane", "", "Springfield", "IL", "62703"),)),
    )
    plant_contact(log, day)


def plant_contact(log: ReviewLog, day: date) -> None:
    """Calls and legal accounts for the contact and SCRA rules."""
    call, new = log.add_call, log.debtor
    call(
        "contact-outside-hours:07:30 in America/New_York is outside 08:00-21:00",
        at(day, 11, 30),
        "alice",
        new("alice"),
    )  # 07:30 EDT
    busy = new("bob")
    for back in range(6, 0, -1):
        call("clean", at(day - timedelta(days=back), 15), "bob", busy)
    call("clean", at(day, 14), "bob", busy)  # the 7th in 7 days: still allowed
    call("contact-over-7-in-7:7 call attempts in the 7 days", at(day, 15), "bob", busy)
    talked = new("carol")
    call("clean", at(day - timedelta(days=3), 15), "carol", talked, outcome="spoke-debtor")
    call("contact-after-conversation:today is day 4 of 7", at(day, 15, 5), "carol", talked)
    located = new("alice")
    call(
        "clean",
        at(day - timedelta(days=2), 15),
        "alice",
        located,
        outcome="spoke-third-party",
        third_party="Ann Lee",
    )
    call(
        "contact-third-party-again:Ann Lee was contacted for location information again",
        at(day, 15, 10),
        "alice",
        located,
        outcome="spoke-third-party",
        third_party="ann lee",
    )
    call(
        "clean",
        at(day, 15, 15),
        "alice",
        located,
        outcome="spoke-third-party",
        third_party="Ann Lee",
        exception="person-asked",
    )
    call(
        "contact-reassigned-number:reported it reassigned",
        at(day, 15, 20),
        "bob",
        new("bob"),
        reassigned=True,
    )
    log.add_search(
        "scra-legal-status:no SCRA check on file",
        at(day, 16, 40),
        "alice",
        new("alice", AccountStatus.LITIGATION),
    )
    serving = new("bob", AccountStatus.LITIGATION)
    log.add_scra(serving, "active-duty")
    log.add_search("scra-legal-status:DMDC reports active duty", at(day, 16, 45), "bob", serving)


def review_workspace(ws: Workspace) -> ReviewLog:
    """The clean log with every anomaly planted, written, and ``tester`` a reviewer."""
    log = clean_log(ws)
    plant_all(log)
    log.write()
    set_profile(ws.engine, "tester", "Tester", "", role="reviewer")
    return log
