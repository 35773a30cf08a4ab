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


DAY = START + timedelta(days=15)  # a Tuesday, with two weeks of history before it


@dataclass(frozen=True)
class Planted:
    """Searches planted for one rule: by ``user`` at ``time`` ("HH:MM") ``day`` days after
    START (DAY unless said), ``count`` of them ``every`` minutes apart, each on a new
    account of ``owner`` (the user's own when blank), or all on one with ``one_account``."""

    label: str  # "rule-id:words of the reason expected", or "clean"
    time: str
    user: str
    status: AccountStatus = AccountStatus.OPEN
    owner: str = ""
    in_portfolio: bool = True  # False: an account id the portfolio does not have
    first_name: str = ""
    last_name: str = ""
    address: Address | None = None
    scra: str = ""  # an SCRA result on file for the account
    subject_type: str = ""
    purposes: str = ""
    justification: str = ""
    disposed: bool = True
    completed: bool = True
    day: int = 15
    count: int = 1
    every: int = 0
    one_account: bool = False

    def account(self) -> dict[str, object]:
        """The debtor's values this row sets (the rest are generated)."""
        names = {"first_name": self.first_name, "last_name": self.last_name}
        over: dict[str, object] = {k: v for k, v in names.items() if v}
        if self.address:
            over["addresses"] = (self.address,)
        return over

    def search(self) -> dict[str, object]:
        """``add_search``'s keywords this row sets."""
        keys = ("subject_type", "purposes", "justification")
        over: dict[str, object] = {k: getattr(self, k) for k in keys if getattr(self, k)}
        return {"disposed": self.disposed, "completed": self.completed, **over}


def plant(log: ReviewLog, rows: tuple[Planted, ...]) -> None:
    """Add the searches of ``rows``, in order, with their accounts."""
    for row in rows:
        hour, minute = map(int, row.time.split(":"))
        first = at(START + timedelta(days=row.day), hour, minute)
        d: Debtor | None = None
        for i in range(row.count):
            if row.in_portfolio and (d is None or not row.one_account):
                d = log.debtor(row.owner or row.user, row.status, **row.account())
                if row.scra:
                    log.add_scra(d, row.scra)
            when = first + timedelta(minutes=i * row.every)
            log.add_search(row.label, when, row.user, d, **row.search())


COPIED = "Skip trace needed to locate debtor for collection"
# one or more searches for every anomaly rule, labelled by the rule expected to fire
PLANTED = (
    Planted("account-standing:not in the portfolio", "10:05", "alice", in_portfolio=False),
    Planted("account-standing:is closed", "10:10", "alice", AccountStatus.CLOSED),
    Planted("account-standing:is recalled", "10:15", "alice", AccountStatus.RECALLED),
    Planted("account-standing:assigned to alice", "10:20", "bob", owner="alice"),
    Planted("volume-spike:times their average", "08:00", "carol", day=22, count=40, every=4),
    Planted("off-hours:outside business hours", "23:30", "alice"),
    Planted("off-hours:Saturday", "11:00", "bob", day=12),
    Planted(
        "repeat-no-disposition:4 times",
        "10:40",
        "carol",
        disposed=False,
        count=4,
        every=60,
        one_account=True,
    ),
    Planted(
        "purpose-subject:covers only: debtor",
        "14:05",
        "bob",
        subject_type="third-party",
        purposes="dppa-2721b3",
    ),
    Planted(
        "copied-justification:word for word",
        "15:00",
        "bob",
        justification=COPIED,
        count=10,
        every=3,
    ),
    Planted("dppa-b4-no-litigation:no litigation flag", "16:05", "alice", purposes="dppa-2721b4"),
    Planted(
        "clean",
        "16:10",
        "alice",
        AccountStatus.LITIGATION,
        scra="no-record",
        purposes="dppa-2721b4",
    ),
    Planted("watch-list:by name", "16:15", "bob", first_name="Jane", last_name="Employee"),
    Planted(
        "watch-list:address matches",
        "16:20",
        "bob",
        address=Address("77 Staff Way", "Apt 2", "Dayton", "OH", "45402"),
    ),
    Planted("collector-relation:also the surname of bob", "16:25", "bob", last_name="Baxter"),
    Planted("weak-justification:repeats one character", "16:40", "bob", justification="x" * 25),
    Planted(
        "weak-justification:says little about the account",
        "16:45",
        "bob",
        justification="Collection of an account, skip trace",
    ),
    Planted("never-completed:search started, never completed", "16:35", "alice", completed=False),
)
# after the reveal (accounts are numbered in the order they are made)
PLANTED_LAST = (
    Planted(
        "collector-relation:home address of carol",
        "16:30",
        "carol",
        address=Address("3 Gamma Lane", "", "Springfield", "IL", "62703"),
    ),
)
SCRA_PLANTED = (
    Planted("scra-legal-status:no SCRA check on file", "16:40", "alice", AccountStatus.LITIGATION),
    Planted(
        "scra-legal-status:DMDC reports active duty",
        "16:45",
        "bob",
        AccountStatus.LITIGATION,
        scra="active-duty",
    ),
)


def plant_all(log: ReviewLog) -> None:
    """One or more searches for every anomaly rule, labelled by the rule expected to fire."""
    plant(log, PLANTED)
    log.add_reveal("reveal-without-search:no search under a permissible purpose",
                   at(DAY, 11, 7), "alice", log.debtor("alice"))  # fmt: skip
    plant(log, PLANTED_LAST)
    plant_contact(log, DAY)


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
    plant(log, SCRA_PLANTED)


def review_workspace(ws: Workspace) -> ReviewLog:
    """The clean log with every anomaly planted, written, and ``tester`` a reviewer."""
    log = clean_log(ws)
    plant_all(log)
    log.write()
    set_profile(ws.engine, "tester", "Tester", "", role="reviewer")
    return log
