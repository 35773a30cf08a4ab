"""Location calls to third parties (relatives, neighbours, employers): Reg F §1006.10.

The collector identifies themself by name, says they are confirming or correcting
location information about the consumer, names their employer only if expressly asked,
and never says the consumer owes a debt. Each such person is contacted once only, unless
they ask to be contacted again, or the collector reasonably believes their earlier answer
was wrong or incomplete and that they now have correct or complete information
(§1006.10(c)); once the consumer is known to have an attorney, only the attorney
(FDCPA §804(6)). The script below is what the desk shows; each call is recorded as a
``contact.attempt`` entry naming the person, with the exception chosen for a second call.
"""

from __future__ import annotations

from dataclasses import dataclass

CITATION = "Reg F §1006.10 (FDCPA §804)"


@dataclass(frozen=True, slots=True)
class LocationScript:
    """What to say, and what never to say, on a location call."""

    opening: str
    if_asked_employer: str
    never: tuple[str, ...]
    citation: str = CITATION

    def text(self) -> str:
        """The script as one block of text for the screen or the terminal."""
        lines = [self.opening, "", "Only if expressly asked who you work for:",
                 f"  {self.if_asked_employer}", "", "Never:"]  # fmt: skip
        lines += [f"  - {n}" for n in self.never]
        return "\n".join([*lines, "", self.citation])


def location_script(collector: str, consumer: str, employer: str = "") -> LocationScript:
    """The §1006.10 script with the collector's own name (and the consumer's) filled in."""
    who = collector.strip() or "(your name)"
    return LocationScript(
        opening=(
            f"Hello, my name is {who}. I am calling to confirm or correct location "
            f"information for {consumer or 'the person I am trying to reach'}. Can you "
            "tell me their current address and telephone number?"
        ),
        if_asked_employer=f"I work for {employer}." if employer else "Name your employer.",
        never=(
            "say or suggest that the consumer owes any debt",
            "name your employer unless expressly asked",
            "use language or symbols on envelopes or messages that indicate debt collection",
            "call this person again unless they asked you to, or you reasonably believe "
            "their earlier answer was wrong or incomplete and they now have correct "
            "information",
            "call anyone but the attorney once the consumer is known to have one",
        ),
    )


def same_person(a: str, b: str) -> bool:
    """Whether two recorded third-party names are the same person (case and spacing aside)."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
