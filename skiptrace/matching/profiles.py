"""What kind of file is being matched: the profile says which rules fit it. The text of
each profile is what ``skiptrace-cli match --help`` and the README show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MatchProfile:
    """A named set of matching rules and when to use it."""

    name: str
    household_rule: bool
    use_when: str


SKIPTRACE = MatchProfile(
    "skiptrace",
    household_rule=True,
    use_when="skip-trace returns, vendor files, debtor lists: relatives and co-residents "
    "share addresses and phones, so a pair whose names or dates of birth conflict gets "
    "little from a shared address or phone (the household rule; father and son, twins, "
    "spouses are not linked on the address they share)",
)
GENERIC = MatchProfile(
    "generic",
    household_rule=False,
    use_when="customer lists, CRM or mailing-list dedupe, where most records sharing an "
    "address and phone are one person entered twice: shared contact points count in "
    "full even when a first name or date of birth conflicts (no household cap)",
)
PROFILES: dict[str, MatchProfile] = {p.name: p for p in (SKIPTRACE, GENERIC)}
DEFAULT_PROFILE = SKIPTRACE
