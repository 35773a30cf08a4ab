"""The DMDC SCRA multiple-record file layouts, one definition each (1-based, inclusive).

Before legal action the Servicemembers Civil Relief Act (50 U.S.C. §3931) asks whether the
defendant is in military service; the DMDC SCRA website answers a multiple-record request
file. The request is 119-character lines:

==========  =======  ==========================================
positions   width    field
==========  =======  ==========================================
1-9         9        SSN (digits)
10-17       8        date of birth, YYYYMMDD (blank when unknown)
18-43       26       last name
44-63       20       first name
64-91       28       customer record id (we write the account id)
92-99       8        active-duty status date, YYYYMMDD
100-119     20       middle name
==========  =======  ==========================================

The result file echoes the request fields and adds the status indicators, dates and a
certificate id, in 184-character lines. The positions below follow the result layout as
lenders' servicing systems read it (indicators right after the status date, the middle
name and certificate id at the end), widened for the 28-character customer record id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    """One fixed-width field: its name and 1-based inclusive positions."""

    name: str
    start: int
    end: int

    @property
    def width(self) -> int:
        """How many characters the field takes."""
        return self.end - self.start + 1

    def cut(self, line: str) -> str:
        """The field's text in a line, trailing spaces removed."""
        return line[self.start - 1 : self.end].rstrip()


REQUEST_FIELDS = (
    Field("ssn", 1, 9),
    Field("dob", 10, 17),
    Field("last_name", 18, 43),
    Field("first_name", 44, 63),
    Field("customer_record_id", 64, 91),
    Field("status_date", 92, 99),
    Field("middle_name", 100, 119),
)
REQUEST_LENGTH = 119

RESULT_FIELDS = (
    *REQUEST_FIELDS[:6],
    Field("active_duty", 100, 100),  # X on active duty on the status date; N not; Z unknown
    Field("left_active_duty", 101, 101),  # Y left active duty within 367 days before it
    Field("future_call_up", 102, 102),  # Y notified of a future call-up to active duty
    Field("active_duty_end", 103, 110),
    Field("match_result", 111, 111),
    Field("error_code", 112, 112),
    Field("match_date", 113, 120),
    Field("active_duty_begin", 121, 128),
    Field("eid_begin", 129, 136),
    Field("eid_end", 137, 144),
    Field("service_component", 145, 146),
    Field("eid_service_component", 147, 148),
    Field("middle_name", 149, 168),
    Field("certificate_id", 169, 184),
)
RESULT_LENGTH = 184
DATE_FIELDS = frozenset({"dob", "status_date", "active_duty_end", "match_date",
                         "active_duty_begin", "eid_begin", "eid_end"})  # fmt: skip
INDICATORS = {  # the letters each may hold; blank (not given) too
    "active_duty": "XYNZ",
    "left_active_duty": "YNZ",
    "future_call_up": "YNZ",
}
