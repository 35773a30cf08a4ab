"""Estimate the shipped default match weights (resources/matching/default_model.json).

m and u come from EM over a synthetic link (``skiptrace.matching.synthetic``: moved
people, nicknames, married names, typos, missing fields), no labels used. The prior is
set for the live case, one debtor against the few candidates a source returned: about
one in ten thousand before any field is compared, so a shared common name alone never
makes a match. Term frequencies of common US surnames and large cities are rounded
shares from the 2010 Census (approximate; they only scale the weight of agreement).

    .venv/bin/python scripts/fit_match_model.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from skiptrace.matching.blocking import candidate_pairs
from skiptrace.matching.comparisons import compare
from skiptrace.matching.em import estimate_u, run_em
from skiptrace.matching.linkfiles import ReadReport, read_people
from skiptrace.matching.records import build_table
from skiptrace.matching.synthetic import linked_files
from skiptrace.matching.weights import MatchModel, save_model

LIVE_PRIOR = 1e-4
SURNAMES = {
    "smith": 0.0083,
    "johnson": 0.0066,
    "williams": 0.0055,
    "brown": 0.0050,
    "jones": 0.0050,
    "garcia": 0.0040,
    "miller": 0.0039,
    "davis": 0.0038,
    "rodriguez": 0.0038,
    "martinez": 0.0036,
    "hernandez": 0.0036,
    "lopez": 0.0030,
    "gonzalez": 0.0029,
    "wilson": 0.0028,
    "anderson": 0.0028,
    "thomas": 0.0026,
    "taylor": 0.0026,
    "moore": 0.0024,
    "jackson": 0.0024,
    "martin": 0.0023,
    "lee": 0.0023,
    "perez": 0.0022,
    "thompson": 0.0022,
    "white": 0.0022,
    "harris": 0.0021,
}
CITIES = {
    "NEW YORK": 0.026, "LOS ANGELES": 0.012, "CHICAGO": 0.009, "HOUSTON": 0.007,
    "PHOENIX": 0.005, "PHILADELPHIA": 0.005, "SAN ANTONIO": 0.004, "SAN DIEGO": 0.004,
    "DALLAS": 0.004, "SAN JOSE": 0.003, "AUSTIN": 0.003, "JACKSONVILLE": 0.003,
    "COLUMBUS": 0.003, "CHARLOTTE": 0.003, "INDIANAPOLIS": 0.003, "HOUSTON TX": 0.0,
}  # fmt: skip


def _floored(values: tuple[float, ...], floor: float = 0.005) -> tuple[float, ...]:
    """Synthetic errors are fewer in kind than real ones: no level of a true match is
    rarer than ``floor``, so no single disagreement can veto a match on its own."""
    raised = np.maximum(np.asarray(values), floor)
    return tuple((raised / raised.sum()).tolist())


def main() -> None:
    left_rows, right_rows, _ = linked_files(20_000, seed=2024)
    left = read_people(left_rows, ReadReport())
    right = read_people(right_rows, ReadReport())
    tl = build_table(left)
    tr = build_table(right, tl.vocab)
    levels = np.concatenate([compare(tl, tr, li, ri) for li, ri in candidate_pairs(tl, tr)])
    u = estimate_u(tl, tr, samples=300_000)
    fitted = run_em(levels, u)
    m = {name: _floored(values) for name, values in fitted.m.items()}
    # Jr/Sr never occur in the synthetic data; set by judgement: a generational suffix
    # that differs is strong evidence of another person (father and son); one written on
    # one side only is common (sources drop suffixes) and weighs a little against.
    m["generation"], u["generation"] = (0.7, 0.01, 0.29), (0.25, 0.25, 0.5)
    cities = {k: v for k, v in CITIES.items() if v}
    model = MatchModel(m, u, LIVE_PRIOR, {"last": SURNAMES, "city": cities})
    out = Path(__file__).resolve().parents[1] / "resources" / "matching" / "default_model.json"
    save_model(model, out)
    print(f"wrote {out} (EM over {len(levels):,} pairs, match share {fitted.share:.4f})")


if __name__ == "__main__":
    main()
