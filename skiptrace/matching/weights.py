"""Fellegi–Sunter parameters: for each field and level, m = P(level | same person) and
u = P(level | different people); the prior; term frequencies for common values. The
shipped defaults (``resources/matching/default_model.json``) serve live searches, where a
handful of candidates is too few to estimate anything."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from skiptrace.matching.comparisons import FIELDS


@dataclass(frozen=True)
class MatchModel:
    """m and u per field level (lists indexed by level), the prior probability that a
    compared pair is one person, value frequencies for term-frequency adjustment, and
    ``household_bits``: the highest log-odds that shared contact points may give a pair
    that relatives at one address could produce (minus infinity: they give nothing)."""

    m: Mapping[str, tuple[float, ...]]
    u: Mapping[str, tuple[float, ...]]
    prior: float
    term_frequencies: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    random_u: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    household_bits: float = -math.inf

    def bits(self) -> np.ndarray:
        """log2(m/u) as a fields x levels matrix (unused cells 0), worked out once per
        model (read-only). A conflict (another first name, date of birth, SSN, Jr against
        Sr) never counts for a pair, however rare it is among different people too: with
        few suffixes on file, Jr against Sr is rarer still among random pairs than among
        matches' keying errors."""
        return self._level_bits[:, 1:]

    def level_bits(self) -> np.ndarray:
        """``bits()`` indexed by level + 1: its first column, a missing field (level -1),
        weighs nothing, so levels index it with no mask to set MISSING aside."""
        return self._level_bits

    @cached_property
    def _level_bits(self) -> np.ndarray:
        width = max(len(f.levels) for f in FIELDS)
        out = np.zeros((len(FIELDS), width + 1))
        for i, spec in enumerate(FIELDS):
            for level, (m, u) in enumerate(zip(self.m[spec.name], self.u[spec.name], strict=True)):
                bits = math.log2(max(m, 1e-9) / max(u, 1e-9))
                out[i, level + 1] = min(bits, 0.0) if level in spec.conflicts else bits
        out.flags.writeable = False
        return out

    @property
    def prior_bits(self) -> float:
        return math.log2(self.prior / (1.0 - self.prior))

    def with_household_bits(self, bits: float) -> MatchModel:
        """The same weights with another household cap."""
        return replace(self, household_bits=bits)

    def to_json(self) -> dict[str, object]:
        cap = self.household_bits
        return {
            "prior": self.prior,
            "household_bits": round(cap, 3) if math.isfinite(cap) else str(cap),
            "fields": {
                f.name: {
                    "levels": list(f.levels),
                    "m": [round(x, 8) for x in self.m[f.name]],
                    "u": [round(x, 10) for x in self.u[f.name]],
                }
                for f in FIELDS
            },
            "term_frequencies": {k: dict(v) for k, v in self.term_frequencies.items()},
        }


def model_from_json(data: Mapping[str, object]) -> MatchModel:
    """Read a model written by ``MatchModel.to_json``; fields it lacks weigh nothing."""
    fields = data.get("fields", {})
    assert isinstance(fields, dict)
    m: dict[str, tuple[float, ...]] = {}
    u: dict[str, tuple[float, ...]] = {}
    for spec in FIELDS:
        entry = fields.get(spec.name) or {}
        even = tuple(1.0 / len(spec.levels) for _ in spec.levels)
        m[spec.name] = tuple(entry.get("m", even))
        u[spec.name] = tuple(entry.get("u", even))
    tf = data.get("term_frequencies", {})
    assert isinstance(tf, dict)
    prior = data.get("prior", 1e-5)
    assert isinstance(prior, float | int)
    # "-inf" (and a model from before the cap existed): shared contact points never lift
    # a household-shaped pair
    household = float(data.get("household_bits", "-inf"))  # type: ignore[arg-type]
    return MatchModel(m, u, float(prior), tf, household_bits=household)


DEFAULT_MODEL_PATH = ("resources", "matching", "default_model.json")


@lru_cache(maxsize=1)
def default_model() -> MatchModel:
    """The shipped weights, estimated by EM on synthetic people (see
    ``scripts/fit_match_model.py``), with a prior for one debtor against a vendor's
    candidates."""
    path = resources.files("resources").joinpath("matching", "default_model.json")
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))


def save_model(model: MatchModel, path: Path) -> None:
    """Write ``model`` as JSON."""
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
