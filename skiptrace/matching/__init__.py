"""Matching: normalisers, the explainable identity matcher, lead merging and ranking.

The search orchestrator and the UI call ``score_candidates`` and ``rank_leads``; the
``match`` command calls ``linkfiles.link``.
"""

from skiptrace.matching.explain import Contribution, Reason
from skiptrace.matching.live import ScoredCandidate, score_candidates

__all__ = ["Contribution", "Reason", "ScoredCandidate", "score_candidates"]
