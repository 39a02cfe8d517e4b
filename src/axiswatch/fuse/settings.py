"""The fusion settings from ``data/fusion.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class FusionSettings:
    certainty_weight: dict[str, float]
    point_event_gap_days: int
    undated_reach_days: int
    flow_types: frozenset[str]
    broader_categories: dict[str, frozenset[str]]
    shingle_words: int
    permutations: int
    bands: int
    threshold: float
    figure_about: float
    figure_exact: float


@lru_cache(maxsize=1)
def load_settings() -> FusionSettings:
    raw = yaml.safe_load(resources.files("axiswatch.data").joinpath("fusion.yaml")
                         .read_text("utf-8"))
    nd = raw["near_duplicates"]
    return FusionSettings(
        certainty_weight={k: float(v) for k, v in raw["certainty_weight"].items()},
        point_event_gap_days=int(raw["point_event_gap_days"]),
        undated_reach_days=int(raw["undated_reach_days"]),
        flow_types=frozenset(raw["flow_types"]),
        broader_categories={k: frozenset(v) for k, v in raw["broader_categories"].items()},
        shingle_words=int(nd["shingle_words"]), permutations=int(nd["permutations"]),
        bands=int(nd["bands"]), threshold=float(nd["threshold"]),
        figure_about=float(raw["figure_about"]), figure_exact=float(raw["figure_exact"]),
    )
