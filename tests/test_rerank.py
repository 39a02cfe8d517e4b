"""The second look at an article's keys: rivals, support, and the model file."""

from __future__ import annotations

import json

import pytest

from axiswatch.extract.classifier import (
    Calibration,
    EventModel,
    LinearModel,
    ModelError,
)
from axiswatch.extract.rerank import Reranker, feature_names, key_features
from axiswatch.extract.trees import BoostedTrees


def _named(row: list[float]) -> dict[str, float]:
    return dict(zip(feature_names(), row, strict=True))


def test_a_flow_and_its_reverse_are_rivals():
    keys = {
        ("d", "transfer", "IRN", "RUS", "drone"): {0: 0.8, 3: 0.4},
        ("d", "transfer", "RUS", "IRN", "drone"): {0: 0.3},
        ("d", "meeting", "IRN", "RUS", None): {2: 0.6},
    }
    rows = {k: _named(v) for k, v in key_features(keys).items()}
    forward = rows[("d", "transfer", "IRN", "RUS", "drone")]
    backward = rows[("d", "transfer", "RUS", "IRN", "drone")]
    assert forward["reverse_higher"] == 0.0 and backward["reverse_higher"] == 1.0
    assert forward["rival_reverse"] == pytest.approx(backward["z"])
    assert forward["has_second"] == 1.0 and backward["has_second"] == 0.0
    assert forward["type=transfer"] == 1.0 and forward["z|type=transfer"] == forward["z"]
    # a meeting has no direction: the other order is the same key, no rival
    meeting = rows[("d", "meeting", "IRN", "RUS", None)]
    assert meeting["reverse_higher"] == 0.0 and meeting["rival_category"] < -9


def test_rival_categories_targets_and_sources():
    keys = {
        ("d", "transfer", "PRK", "RUS", "ammunition"): {1: 0.9},
        ("d", "transfer", "PRK", "RUS", "missile"): {1: 0.5},
        ("d", "transfer", "PRK", "UKR", "ammunition"): {1: 0.2},
        ("d", "transfer", "CHN", "RUS", "ammunition"): {4: 0.7},
        ("d", "production", "PRK", None, "missile"): {2: 0.4},
    }
    rows = {k: _named(v) for k, v in key_features(keys).items()}
    missile = rows[("d", "transfer", "PRK", "RUS", "missile")]
    assert missile["category_behind"] == 1.0
    assert rows[("d", "transfer", "PRK", "RUS", "ammunition")]["category_behind"] == 0.0
    assert rows[("d", "transfer", "PRK", "UKR", "ammunition")]["target_behind"] == 1.0
    assert rows[("d", "transfer", "CHN", "RUS", "ammunition")]["source_behind"] == 1.0
    assert rows[("d", "production", "PRK", None, "missile")]["one_party"] == 1.0


def _reranker() -> Reranker:
    """One tree: a key scored below even odds is out; above, it is in unless its
    reverse scored higher."""
    names = feature_names()
    z, reverse = names.index("z"), names.index("reverse_higher")
    trees = BoostedTrees(base=0.0, roots=(0,), feature=(z, -1, reverse, -1, -1),
                         threshold=(0.0, 0.0, 0.5, 0.0, 0.0), left=(1, 0, 3, 0, 0),
                         right=(2, 0, 4, 0, 0), value=(0.0, -2.0, 0.0, 2.0, -1.0))
    return Reranker(tuple(names), trees)


def test_reranker_prefers_the_stronger_direction_and_round_trips():
    rr = _reranker()
    keys = {("d", "use", "RUS", "UKR", "missile"): {0: 0.6},
            ("d", "use", "UKR", "RUS", "missile"): {0: 0.55}}
    scores = rr.scores(keys)
    assert scores[("d", "use", "RUS", "UKR", "missile")] > \
        scores[("d", "use", "UKR", "RUS", "missile")]
    model = EventModel(LinearModel({"use": 1.0}, 0.0), Calibration((0.0, 1.0), (0.0, 1.0)),
                       0.5, {}, {}, rr)
    again = EventModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    assert again.key_scores(keys) == pytest.approx(
        {k: model.calibration(v) for k, v in scores.items()})
    plain = EventModel(model.events, model.calibration, 0.5, {}, {})
    assert plain.key_scores(keys)[("d", "use", "UKR", "RUS", "missile")] == pytest.approx(0.55)


def test_a_reranker_of_other_features_is_refused():
    data = EventModel(LinearModel({}, 0.0), Calibration((), ()), 0.5, {}, {},
                      _reranker()).to_json()
    data["rerank"]["names"] = data["rerank"]["names"][:-1]
    with pytest.raises(ModelError, match="key features are not this version"):
        EventModel.from_json(data, "old.json")
    data = EventModel(LinearModel({}, 0.0), Calibration((), ()), 0.5, {}, {},
                      _reranker()).to_json()
    data["rerank"]["trees"]["feature"][0] = len(feature_names())
    with pytest.raises(ModelError, match="does not name"):
        EventModel.from_json(data, "odd.json")


def test_what_was_supplied_is_what_gets_used():
    keys = {
        ("d", "transfer", "IRN", "RUS", "drone"): {0: 0.9},
        ("d", "use", "RUS", "UKR", "drone"): {2: 0.4},
        ("d", "use", "RUS", "UKR", "missile"): {2: 0.4},
        ("d", "use", "BLR", "UKR", "drone"): {3: 0.4},
    }
    rows = {k: _named(v) for k, v in key_features(keys).items()}
    supplied = rows[("d", "use", "RUS", "UKR", "drone")]["chain"]
    assert supplied == pytest.approx(rows[("d", "transfer", "IRN", "RUS", "drone")]["z"])
    assert rows[("d", "use", "RUS", "UKR", "missile")]["chain"] < supplied  # other goods
    assert rows[("d", "use", "BLR", "UKR", "drone")]["chain"] < supplied  # another user
    # and the transfer is backed by the use of what it delivered
    assert rows[("d", "transfer", "IRN", "RUS", "drone")]["chain"] == \
        pytest.approx(rows[("d", "use", "RUS", "UKR", "drone")]["z"])


def test_what_the_rules_read_is_a_feature_of_the_key():
    keys = {
        ("d", "sanction", "CAN", "BRA", None): {4: 0.2},
        ("d", "sanction", "BRA", "CAN", None): {4: 0.1},
        ("d", "transfer", "CHL", "PER", "weapon"): {1: 0.6},
    }
    ruled = {("d", "sanction", "CAN", "BRA", None): 2}
    rows = {k: _named(v) for k, v in key_features(keys, ruled).items()}
    read = rows[("d", "sanction", "CAN", "BRA", None)]
    assert read["rule"] == 1.0 and read["rule_sentences"] == pytest.approx(1.0986, abs=1e-3)
    assert read["rule|type=sanction"] == 1.0 and read["rule|type=transfer"] == 0.0
    reverse = rows[("d", "sanction", "BRA", "CAN", None)]
    assert reverse["rule"] == 0.0 and reverse["rule_reverse"] == 1.0
    assert rows[("d", "transfer", "CHL", "PER", "weapon")]["rule"] == 0.0
    # without the rules' keys, no key is read by them
    assert all(_named(v)["rule"] == 0.0 for v in key_features(keys).values())
