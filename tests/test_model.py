"""The trained event model: scoring, training, reproducibility, error analysis.

These tests run the model (the other suites pin the hand rules, see conftest).
The small training set here is written for the tests, not taken from any article.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import ROOT, SAMPLE, run_cli

from axiswatch.extract import extract_article
from axiswatch.extract.classifier import (
    Calibration,
    EventModel,
    LinearModel,
    ModelError,
    default_model_path,
    load_model,
    read_model,
)
from axiswatch.extract.document import events_of
from axiswatch.extract.rerank import Reranker, feature_names
from axiswatch.extract.trees import BoostedTrees
from axiswatch.learn.dataset import find_gold_docs, load_examples
from axiswatch.learn.explain import explain
from axiswatch.learn.train import Settings, train
from axiswatch.model import Article

SHIPPED = ROOT / "src" / "axiswatch" / "data" / "model" / "events.json"


@pytest.fixture
def shipped_model(monkeypatch: pytest.MonkeyPatch) -> EventModel:
    monkeypatch.delenv("AXISWATCH_MODEL", raising=False)
    model = load_model(str(SHIPPED))
    assert model is not None
    return model


def _article(doc: str, text: str) -> Article:
    return Article(doc, text, text[:40], date(2024, 5, 1), doc, "test")


def test_shipped_model_is_the_default_and_scores_every_event(shipped_model, monkeypatch):
    assert default_model_path() == SHIPPED
    monkeypatch.setenv("AXISWATCH_MODEL", "rules")
    assert default_model_path() is None
    article = _article("a1", "North Korea has shipped millions of artillery shells to Russia, "
                             "the South Korean defence ministry said on Tuesday.")
    events = extract_article(article, model=shipped_model)
    flows = {(e.type, e.source, e.target, e.item.category if e.item else None) for e in events}
    assert ("transfer", "PRK", "RUS", "ammunition") in flows
    assert all(e.score is not None and shipped_model.threshold <= e.score <= 1 for e in events)
    assert all(e.as_schema()["score"] == e.score for e in events)
    # the rules alone give no score
    assert all(e.score is None for e in extract_article(article, model=None))


def test_judgements_and_agreements_the_rules_missed(shipped_model):
    text = ("Japan strongly condemned the military cooperation between North Korea and Russia, "
            "calling it deplorable. Brazil signed a defence agreement with Sweden during a visit "
            "by the Swedish prime minister to Brasilia.")
    keys = {e.key()[1:] for e in extract_article(_article("a2", text), model=shipped_model)}
    assert ("denounce", "JPN", "PRK", None) in keys
    assert ("agreement", "BRA", "SWE", None) in keys


def test_streamed_decision_keeps_one_proposal_per_key_and_the_same_events(shipped_model):
    """With the model given, analysis keeps only each key's best proposal as it goes;
    the events are those of deciding over every proposal at once."""
    from axiswatch.extract.document import analyse_articles

    text = ("Tehran delivered hundreds of Shahed drones to Moscow last year, Ukrainian "
            "intelligence said. The drones were later fired at Kyiv and Odesa. "
            "Ankara sold Bayraktar TB2 drones to Warsaw and to Kyiv, while Baykar denied any "
            "sale to Moscow. Poland and Turkey signed a defence agreement in Ankara. "
            "Warsaw condemned the Russian strikes, calling them barbaric.")
    article = _article("a3", text)
    full = next(analyse_articles([article]))
    streamed = next(analyse_articles([article], model=shipped_model))
    keys = [p.key("a3") for p in streamed.proposals]
    assert len(keys) == len(set(keys)) == len({p.key("a3") for p in full.proposals})
    assert len(streamed.proposals) < len(full.proposals)
    decided = [e.as_schema() for e in events_of(full, shipped_model)]
    assert decided and [e.as_schema() for e in events_of(streamed, shipped_model)] == decided


def test_calibration_is_monotone_and_clipped():
    cal = Calibration((0.1, 0.5, 0.9), (0.0, 0.4, 1.0))
    assert cal(0.0) == 0.0 and cal(1.0) == 1.0
    assert cal(0.3) == pytest.approx(0.2)
    values = [cal(x / 100) for x in range(101)]
    assert values == sorted(values)


def test_model_round_trips_and_bad_files_are_named(tmp_path: Path):
    model = EventModel(LinearModel({"transfer": 1.5, "transfer|w=ship": 2.0}, -1.0),
                       Calibration((0.0, 1.0), (0.0, 1.0)), 0.4,
                       {"asserted": LinearModel({"crule=asserted": 1.0}, 0.0),
                        "reported": LinearModel({"cw=reportedly": 3.0}, -0.5)}, {"n": 1})
    again = EventModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    assert again.score(["transfer", "transfer|w=ship"]) == pytest.approx(0.924, abs=1e-3)
    assert again.certainty_of(["cw=reportedly"], "asserted") == "reported"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ModelError, match="bad.json: not JSON"):
        read_model(bad)
    bad.write_text(json.dumps({"format": "something else"}))
    with pytest.raises(ModelError, match="not an axiswatch event model"):
        read_model(bad)
    bad.write_text(json.dumps({"format": "axiswatch-event-model/1", "events": {}}))
    with pytest.raises(ModelError, match="malformed"):
        read_model(bad)


# A small annotated set, written for this test: varied states, types and phrasings.
TRAINING = [
    ("Turkey delivered Bayraktar drones to Ukraine in March.",
     [("transfer", "TUR", "UKR", "drone")]),
    ("Germany sent Leopard tanks to Poland last year.", [("transfer", "DEU", "POL", "weapon")]),
    ("France supplied artillery shells to Ukraine, officials said.",
     [("transfer", "FRA", "UKR", "ammunition")]),
    ("China shipped drone components to Russia.", [("transfer", "CHN", "RUS", "materials")]),
    ("Canada imposed sanctions on Iran over its drone program.",
     [("sanction", "CAN", "IRN", None)]),
    ("The European Union imposed sanctions on Belarus.", [("sanction", "EU", "BLR", None)]),
    ("Japan condemned North Korea for its missile launches.",
     [("denounce", "JPN", "PRK", None)]),
    ("Australia denounced Russia and called the strikes deplorable.",
     [("denounce", "AUS", "RUS", None)]),
    ("India and France signed a defence agreement in Paris.",
     [("agreement", "FRA", "IND", None)]),
    ("Egypt and Italy signed an arms deal in Rome.", [("agreement", "EGY", "ITA", None)]),
    ("Spain met Morocco to discuss border security.", [("meeting", "ESP", "MAR", None)]),
    ("Brazil praised Argentina for its football team.", []),
    ("Norway and Sweden held a football match.", []),
    ("Chile delivered fruit to Peru and thanked Bolivia.", []),
]


def _write_training_set(folder: Path) -> Path:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    gold = []
    listing = []
    for n, (text, events) in enumerate(TRAINING):
        doc = f"m{n:02d}"
        (docs / f"{doc}.txt").write_text(f"Title: test {n}\nDate: 2024-05-01\n\n{text}\n")
        listing.append({"id": doc, "url": None, "date": "2024-05-01", "text": text})
        for etype, src, tgt, cat in events:
            gold.append({"doc": doc, "type": etype, "source": src, "target": tgt,
                         "item": {"category": cat, "name": cat} if cat else None,
                         "quantity": None, "when": None, "status": None, "attribution": None,
                         "certainty": "asserted", "evidence": text})
    (folder / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    (folder / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in listing))
    return folder / "gold.jsonl"


def test_training_is_deterministic_and_learns(tmp_path: Path):
    gold = _write_training_set(tmp_path / "set")
    docs = find_gold_docs([gold])
    assert [d.doc for d in docs] == [f"m{n:02d}" for n in range(len(TRAINING))]
    examples = load_examples(docs, progress=False)
    settings = Settings(folds=3, min_count=1, c_events=1.0)
    first, oof = train(examples, settings)
    second, _ = train(load_examples(docs, progress=False), settings)
    assert json.dumps(first.to_json(), sort_keys=True) == \
        json.dumps(second.to_json(), sort_keys=True)
    assert set(oof.models) == {d.doc for d in docs}  # every document scored out of fold
    # trained on everything, the model keeps what it was taught and no more
    kept = {e.key()[1:] for ex in examples for e in events_of(ex.analysis, first)}
    assert ("transfer", "TUR", "UKR", "drone") in kept
    assert ("sanction", "CAN", "IRN", None) in kept
    assert not any(k[1] in ("BRA", "NOR", "CHL") for k in kept)


def test_train_command_writes_a_model_extract_uses(tmp_path: Path):
    gold = _write_training_set(tmp_path / "set")
    model_path = tmp_path / "model.json"
    report = tmp_path / "report.json"
    result = run_cli(*["train", str(gold), "-o", str(model_path), "--folds", "3",
                      "--report", str(report)])
    assert result.returncode == 0, result.stderr
    assert "cross-validated (3 folds by document)" in result.stdout
    assert "calibration" in result.stdout
    cv = json.loads(report.read_text())
    assert set(cv) >= {"cv", "calibration", "threshold", "meta"}
    assert len(cv["calibration"]) == 10
    again = tmp_path / "again.json"
    assert run_cli(*["train", str(gold), "-o", str(again), "--folds", "3"]).returncode == 0
    assert again.read_bytes() == model_path.read_bytes()
    article = tmp_path / "a.txt"
    article.write_text("Turkey delivered Bayraktar drones to Ukraine in March.\n")
    out = run_cli(*["extract", str(article)], env={"AXISWATCH_MODEL": str(model_path)})
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(isinstance(r["score"], float) for r in rows)


def test_train_command_names_a_missing_text(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "nowhere", "type": "meeting", "source": "FRA",
                                "target": "IND", "certainty": "asserted"}) + "\n")
    result = run_cli(*["train", str(gold), "-o", str(tmp_path / "m.json")])
    assert result.returncode != 0
    assert "no text for document 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr
    bad_model = tmp_path / "bad.json"
    bad_model.write_text("[]")
    article = tmp_path / "a.txt"
    article.write_text("Turkey delivered drones to Ukraine.\n")
    out = run_cli(*["extract", str(article)], env={"AXISWATCH_MODEL": str(bad_model)})
    assert out.returncode != 0 and "not an axiswatch event model" in out.stderr
    assert "Traceback" not in out.stderr


def _ev(doc, etype, src, tgt, cat=None, certainty="asserted", when=None):
    return {"doc": doc, "type": etype, "source": src, "target": tgt,
            "item": {"category": cat, "name": cat} if cat else None, "certainty": certainty,
            "when": when, "evidence": f"{src} {etype} {tgt}"}


def test_explain_groups_errors_by_cause():
    gold = [_ev("d", "transfer", "PRK", "RUS", "missile"),
            _ev("d", "transfer", "IRN", "RUS", "drone"),
            _ev("d", "sanction", "USA", "IRN"),
            _ev("d", "transfer", "CHN", "RUS", "materials"),
            _ev("d", "meeting", "PRK", "RUS", certainty="asserted", when="2024-06"),
            _ev("d", "denounce", "JPN", "PRK")]
    pred = [_ev("d", "transfer", "PRK", "RUS", "ammunition"),  # category
            _ev("d", "transfer", "RUS", "IRN", "drone"),  # direction
            _ev("d", "denounce", "USA", "IRN"),  # type
            _ev("d", "transfer", "CHN", "BLR", "materials"),  # party
            _ev("d", "meeting", "RUS", "PRK", certainty="reported", when="2024"),
            _ev("d", "agreement", "CUB", "VEN"),  # false alarm
            _ev("other", "use", "RUS", "UKR", "drone")]  # document not in gold: ignored
    why = explain(gold, pred)
    assert why.counts() == {"wrong category": 1, "wrong direction": 1, "wrong type": 1,
                            "wrong party": 1, "not found": 1, "false alarm": 1,
                            "certainty": 1, "date": 1}
    assert why.cases["not found"][0].gold["type"] == "denounce"
    assert "gold reported" not in why.cases["certainty"][0].describe()
    assert "gold asserted, got reported" in why.cases["certainty"][0].describe()


def test_eval_explain_on_the_command_line(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(_ev("d", "transfer", "PRK", "RUS", "missile")) + "\n")
    pred.write_text(json.dumps(_ev("d", "transfer", "PRK", "RUS", "weapon")) + "\n")
    result = run_cli(*["eval", str(gold), str(pred), "--explain"])
    assert result.returncode == 0, result.stderr
    assert "wrong category" in result.stdout and "PRK->RUS [missile]" in result.stdout


def test_ingested_events_keep_their_score_and_filter_by_it(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    env = {"AXISWATCH_MODEL": str(SHIPPED)}
    assert run_cli(*["ingest", str(SAMPLE), "--db", db], env=env).returncode == 0
    rows = json.loads(run_cli(*["events", "--db", db, "--format", "json"], env=env).stdout)
    assert rows and all(r["score"] is not None and 0 < r["score"] <= 1 for r in rows)
    high = json.loads(run_cli(*["events", "--db", db, "--format", "json", "--min-score", "0.9"],
                              env=env).stdout)
    assert 0 < len(high) < len(rows) and all(r["score"] >= 0.9 for r in high)
    facts_all = json.loads(run_cli(*["facts", "--db", db, "--format", "json"], env=env).stdout)
    facts_high = json.loads(run_cli(*["facts", "--db", db, "--format", "json",
                                     "--min-score", "0.9"], env=env).stdout)
    assert 0 < len(facts_high) < len(facts_all)
    bad = run_cli(*["events", "--db", db, "--min-score", "1.5"], env=env)
    assert bad.returncode != 0


@pytest.mark.skipif(not os.path.isdir(ROOT.parent / "shared" / "eval" / "dev"),
                    reason="../shared/eval (the development gold) sits beside the checkout "
                           "in development and CI only")
def test_shipped_model_is_reproduced_from_the_annotations(tmp_path: Path):
    """scripts/train-model.sh rebuilds exactly the model in the package."""
    import subprocess

    out = tmp_path / "events.json"
    script = (ROOT / "scripts" / "train-model.sh").read_text()
    assert "src/axiswatch/data/model/events.json" in script
    shared = ROOT.parent / "shared"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "axiswatch"), "train",
         str(shared / "eval/gold/seeds.jsonl"), str(shared / "eval/dev/gold.jsonl"),
         *sorted(str(p) for p in ROOT.glob("training/batch*/gold.jsonl")),
         "--docs", str(shared / "corpus/seeds"), "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
        env={**os.environ, "AXISWATCH_MODEL": "rules"})
    assert result.returncode == 0, result.stderr
    if out.read_bytes() == SHIPPED.read_bytes():
        return  # byte for byte: the same kind of CPU as the one that trained it
    # On another CPU the C library's exp and log may differ in the last bit, and
    # liblinear's solver carries that into the 5th decimal of some weights. The
    # rebuilt model must then be the same model up to that noise.
    _assert_same_model(read_model(out), read_model(SHIPPED))


def _probe_rows(trees: BoostedTrees, width: int, n: int = 2000) -> np.ndarray:
    """Rows whose figures sit beside the thresholds the trees use (where a model
    that differs would show it), off them by more than float noise."""
    rng = np.random.default_rng(0)
    cuts: list[list[float]] = [[0.0] for _ in range(width)]
    for f, t in zip(trees.feature, trees.threshold, strict=True):
        if f >= 0:
            cuts[f].append(t)
    return np.asarray([[rng.choice(cuts[f]) + rng.choice([-1e-3, 1e-3]) for f in range(width)]
                       for _ in range(n)])


def _assert_same_model(rebuilt: EventModel, shipped: EventModel) -> None:
    assert rebuilt.meta == shipped.meta
    assert set(rebuilt.certainty) == set(shipped.certainty)
    pairs = [(rebuilt.events, shipped.events),
             *((rebuilt.certainty[c], shipped.certainty[c]) for c in shipped.certainty)]
    for mine, theirs in pairs:
        assert set(mine.weights) == set(theirs.weights), "other features"
        worst = max((abs(mine.weights[f] - theirs.weights[f]) for f in theirs.weights),
                    default=0.0)
        assert worst < 1e-3 and abs(mine.bias - theirs.bias) < 1e-3, f"weights differ by {worst}"
    assert (rebuilt.rerank is None) == (shipped.rerank is None)
    if shipped.rerank is not None and rebuilt.rerank is not None:
        assert rebuilt.rerank.names == shipped.rerank.names
        # trees fitted on figures that differ in the 5th decimal may split a near tie
        # otherwise: the same function, not the same tables, is what must hold
        rows = _probe_rows(shipped.rerank.trees, len(shipped.rerank.names))
        mine = np.asarray(rebuilt.rerank.trees.probabilities(rows))
        theirs = np.asarray(shipped.rerank.trees.probabilities(rows))
        assert np.abs(mine - theirs).mean() < 0.01, "the second look differs"
    grid = [n / 1000 for n in range(1001)]
    gap = max(abs(rebuilt.calibration(p) - shipped.calibration(p)) for p in grid)
    assert gap < 0.05, f"calibration differs by {gap}"
    assert abs(rebuilt.threshold - shipped.threshold) < 0.02


def test_api_filters_by_score(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import urllib.error
    import urllib.request

    from tests.conftest import start_server

    db = f"sqlite:///{tmp_path / 'api.db'}"
    monkeypatch.setenv("AXISWATCH_MODEL", str(SHIPPED))
    assert run_cli("ingest", str(SAMPLE), "--db", db).returncode == 0

    def get(base: str, path: str) -> dict:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return json.loads(r.read())

    server = start_server(db)
    base = next(server)
    try:
        everything = get(base, "/api/events?limit=1000")["items"]
        confident = get(base, "/api/events?limit=1000&min_score=0.9")["items"]
        assert 0 < len(confident) < len(everything)
        assert all(e["score"] >= 0.9 for e in confident)
        graph_all = get(base, "/api/graph")
        graph_high = get(base, "/api/graph?min_score=0.9")
        assert len(graph_high["edges"]) <= len(graph_all["edges"])
        for bad in ("-0.1", "1.5", "x"):
            with pytest.raises(urllib.error.HTTPError) as caught:
                get(base, f"/api/events?min_score={bad}")
            assert caught.value.code == 422
    finally:
        next(server, None)


def test_large_gold_sets_are_cut_into_runs_and_groups_are_held_out_whole(tmp_path: Path):
    from axiswatch.learn.dataset import Example, find_gold_docs
    from axiswatch.learn.train import group_folds

    def gold_set(name: str, ids: list[str]) -> Path:
        folder = tmp_path / name
        (folder / "docs").mkdir(parents=True)
        for doc in ids:
            (folder / "docs" / f"{doc}.txt").write_text("Chile sold rifles to Peru.\n", "utf-8")
        (folder / "gold.jsonl").write_text("".join(
            json.dumps({"doc": d, "type": "transfer", "source": "CHL", "target": "PER",
                        "item": {"category": "weapon", "name": "rifles"}, "quantity": None,
                        "when": None, "status": None, "attribution": None,
                        "certainty": "asserted", "evidence": "Chile sold rifles to Peru."}) + "\n"
            for d in ids), "utf-8")
        return folder / "gold.jsonl"

    big = gold_set("big", [f"b{i:03d}" for i in range(60)])   # 60 > 2 x 25: cut in two runs
    small = [gold_set(f"s{n}", [f"s{n}-{i}" for i in range(8 + n)]) for n in range(4)]
    docs = find_gold_docs([big, *small])
    groups = {d.doc: d.group for d in docs}
    assert groups["b000"] == groups["b029"] != groups["b030"] == groups["b059"]
    assert len(set(groups.values())) == 6
    examples = [Example(None, d.events, d.group) for d in docs]  # type: ignore[arg-type]
    folds = group_folds(examples, 3)
    assert folds is not None and sorted(i for f in folds for i in f) == list(range(len(docs)))
    for fold in folds:  # no group is split between folds
        held = {examples[i].group for i in fold}
        assert all(examples[i].group in held for i in fold)
        assert not any(examples[i].group in held for f in folds if f is not fold for i in f)
    sizes = sorted(len(f) for f in folds)
    assert sizes[-1] - sizes[0] <= 30  # the largest groups went to different folds
    assert group_folds(examples, 7) is None  # fewer groups than folds: by document


def test_a_rebuilt_model_may_differ_by_float_noise_only():
    cal = Calibration((0.1, 0.9), (0.0, 1.0))
    shipped = EventModel(LinearModel({"transfer": 1.5, "transfer|w=ship": 2.0}, -1.0), cal, 0.4,
                         {"asserted": LinearModel({"crule=asserted": 1.0}, 0.0)}, {"n": 1})
    noisy = EventModel(LinearModel({"transfer": 1.50003, "transfer|w=ship": 1.99998}, -1.0),
                       cal, 0.4, shipped.certainty, {"n": 1})
    _assert_same_model(noisy, shipped)
    for other in (
        EventModel(LinearModel({"transfer": 1.5, "transfer|w=ship": 2.5}, -1.0), cal, 0.4,
                   shipped.certainty, {"n": 1}),  # a weight that moved
        EventModel(LinearModel({"transfer": 1.5, "transfer|w=send": 2.0}, -1.0), cal, 0.4,
                   shipped.certainty, {"n": 1}),  # another feature
        EventModel(shipped.events, cal, 0.5, shipped.certainty, {"n": 1}),  # threshold
        EventModel(shipped.events, Calibration((0.3, 0.9), (0.0, 1.0)), 0.4,
                   shipped.certainty, {"n": 1}),  # calibration
        EventModel(shipped.events, cal, 0.4, shipped.certainty, {"n": 2}),  # other data
    ):
        with pytest.raises(AssertionError):
            _assert_same_model(other, shipped)


def _second_look(high: float) -> Reranker:
    names = feature_names()
    trees = BoostedTrees(0.0, (0,), (names.index("z"), -1, -1), (0.3, 0.0, 0.0), (1, 0, 0),
                         (2, 0, 0), (-1.0, 0.0, high))
    return Reranker(tuple(names), trees)


def test_a_rebuilt_second_look_may_differ_by_float_noise_only():
    cal = Calibration((0.1, 0.9), (0.0, 1.0))
    events = LinearModel({"transfer": 1.5}, -1.0)

    def model(high: float, cut: float = 0.3) -> EventModel:
        rerank = _second_look(high)
        trees = rerank.trees
        moved = BoostedTrees(trees.base, trees.roots, trees.feature,
                             (cut, *trees.threshold[1:]), trees.left, trees.right, trees.value)
        return EventModel(events, cal, 0.4, {}, {"n": 1}, Reranker(rerank.names, moved))
    _assert_same_model(model(2.00001, 0.300001), model(2.0))
    for other in (model(0.5), model(2.0, 1.5)):  # another leaf; another cut
        with pytest.raises(AssertionError, match="second look"):
            _assert_same_model(other, model(2.0))
