"""What the research view says in words: a lead's "why?", and the empty lead area."""

from __future__ import annotations

import html

from skiptrace.research.lead_rows import LeadRow, display_value
from ui.widgets import WARNING_COLOUR

WHY_PLACEHOLDER = "<p style='color:#6b6b6b'>Select a lead to see why it is ranked where it is.</p>"


def explanation_html(lead: LeadRow) -> str:
    """The "why?" text for a lead; a disputed lead says what is in conflict first."""
    lines = lead.explanation.split("\n")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    decided = (
        f"<p>Disposition: <b>{html.escape(lead.disposition_text)}</b></p>"
        if lead.disposition
        else ""
    )
    if lead.disputed:
        records = (
            f"<p style='color:{WARNING_COLOUR}'><b>Conflict:</b> {html.escape(lead.conflict)}</p>"
            "<p>What the records say:</p>"
        )
        match = "disputed"
    else:
        records = "<p>Why the records are the debtor:</p>"
        match = f"match {lead.probability:.0%}"
    seen = " to ".join(d for d in (lead.first_seen, lead.last_seen) if d)
    facts = [f"{lead.kind} lead #{lead.rank}", match, f"seen in {', '.join(lead.sources)}"]
    if seen:
        facts.append(f"seen {seen}")
    if lead.line_type:
        facts.append(lead.line_type)
    if lead.time_zone:
        facts.append(lead.time_zone)
    return (
        f"<p><b>{html.escape(display_value(lead.kind, lead.value))}</b><br>"
        f"{html.escape('; '.join(facts))}</p>"
        f"{decided}<p>{html.escape(lines[0])}</p>{records}<ul>{items}</ul>"
    )


IDLE_EMPTY = ("No leads yet", "Press Search… (Ctrl+R), state a purpose, and leads appear here.")
SEARCHING_EMPTY = ("Searching…", "Leads appear here as the sources answer.")


def no_leads_text(found: int) -> str:
    """What the lead area says after a search that gave no leads, ``found`` records in."""
    if found:
        return (
            f"The sources returned {found} record(s), but none matches this account closely "
            "enough to be a lead."
        )
    return (
        "No source returned anything for this account. The table above says what each one answered."
    )
