"""Matching: normalisers, the explainable identity matcher, lead merging and ranking.

The search orchestrator and the UI call ``score_candidates`` and ``rank_leads``; the
``match`` command calls ``linkfiles.link``.
"""

from skiptrace.matching.explain import Contribution, Reason
from skiptrace.matching.leads import Lead, LeadSource
from skiptrace.matching.live import ScoredCandidate, score_candidates
from skiptrace.matching.ranking import rank_for_search, rank_leads

__all__ = [
    "Contribution",
    "Lead",
    "LeadSource",
    "Reason",
    "ScoredCandidate",
    "rank_for_search",
    "rank_leads",
    "score_candidates",
]
