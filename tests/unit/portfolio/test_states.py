"""One table of USPS state codes: the importer's cell check and the address matcher read
a state's name alike, territories and armed-forces codes included."""

from __future__ import annotations

import pytest

from skiptrace.matching.addresses import normalise_state
from skiptrace.matching.pub28 import STATE_NAMES
from skiptrace.portfolio.fields import CellError, parse_state


@pytest.mark.parametrize(("code", "name"), sorted(STATE_NAMES.items()))
def test_a_state_name_reads_as_its_code_in_the_importer_and_the_matcher(code, name):
    written = name.title()
    assert parse_state(written) == code
    assert normalise_state(written) == code
    assert parse_state(code.lower()) == code


def test_the_table_covers_every_state_the_district_and_the_territories():
    assert len(STATE_NAMES) == 59
    assert {"DC", "PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP"} <= set(STATE_NAMES)


def test_an_unknown_state_is_refused_by_the_importer():
    with pytest.raises(CellError):
        parse_state("Atlantis")
