"""The watch configuration file (YAML), read and checked before anything runs.

::

    name: korea-russia          # state in the store is kept under this name
    db: watch.db                # default: AXISWATCH_DB, else axiswatch.db
    interval: 600               # seconds between polls
    workers: 1                  # extraction processes (0 = all cores)
    fetch: {min_interval: 1.0, timeout: 20, cache_dir: cache}
    sources:
      - feed: https://example.org/world/rss.xml
        follow_links: true      # fetch each entry's page (default); false: the entry's text
      - folder: inbox           # new or changed files of any readable format
        format: auto
    alerts:
      console: true
      jsonl: alerts.jsonl
      webhook: https://hooks.example.org/axiswatch
    rules:
      - {name: prk-rus, when: new_fact, actors: [PRK, RUS], types: [transfer]}
      - {name: new-items, when: new_category, source: PRK, target: RUS}
      - {name: containers, when: figure_rises, source: PRK, target: RUS, unit: containers}
      - {name: disputes, when: new_conflict, actors: [PRK]}

Relative paths are relative to the configuration file. Every problem is
reported with the file and the place in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from axiswatch.ingest.addresses import parse_networks
from axiswatch.ingest.corpus import Fields
from axiswatch.ingest.fetch import FetchSettings
from axiswatch.ingest.sources import Format, is_url
from axiswatch.model import CERTAINTIES, EVENT_TYPES

RULE_KINDS = ("new_fact", "new_category", "figure_rises", "new_conflict")
_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class SourceConfig:
    kind: str                  # feed or folder
    location: str              # URL or absolute folder path
    follow_links: bool = True
    format: Format = Format.auto
    fields: Fields = field(default_factory=Fields)


@dataclass(frozen=True)
class RuleConfig:
    name: str
    when: str
    actors: tuple[str, ...] = ()
    source: str | None = None
    target: str | None = None
    types: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    unit: str | None = None
    min_certainty: str | None = None
    min_sources: int | None = None


@dataclass(frozen=True)
class AlertConfig:
    console: bool = True
    jsonl: str | None = None
    webhook: str | None = None


@dataclass(frozen=True)
class WatchConfig:
    path: str
    name: str
    db: str | None
    interval: float
    sources: tuple[SourceConfig, ...]
    rules: tuple[RuleConfig, ...]
    alerts: AlertConfig
    fetch: FetchSettings
    alert_existing: bool = False  # alert on what the store held before the first poll
    workers: int = 1              # extraction processes (0 = all cores)


def _where(path: Path, place: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {place}: {problem}")


def _str_list(value, path: Path, place: str, upper: bool = False) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _where(path, place, "expected a list of names")
    return tuple(v.strip().upper() if upper else v.strip().lower() for v in value)


def _rule(raw, index: int, path: Path) -> RuleConfig:
    place = f"rules[{index}]"
    if not isinstance(raw, dict):
        raise _where(path, place, "expected a mapping")
    known = {"name", "when", "actors", "source", "target", "types", "items", "unit",
             "min_certainty", "min_sources"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _where(path, place, f"unknown key(s) {', '.join(unknown)}")
    when = raw.get("when")
    if when not in RULE_KINDS:
        raise _where(path, place, f"'when' must be one of {', '.join(RULE_KINDS)}, "
                                  f"not {when!r}")
    name = str(raw.get("name") or f"{when}-{index + 1}")
    if not _NAME.match(name):
        raise _where(path, place, f"bad rule name {name!r} (letters, digits, . _ -)")
    types = _str_list(raw.get("types"), path, f"{place}.types")
    for t in types:
        if t not in EVENT_TYPES:
            raise _where(path, f"{place}.types", f"unknown event type {t!r}")
    certainty = raw.get("min_certainty")
    if certainty is not None and certainty not in CERTAINTIES:
        raise _where(path, f"{place}.min_certainty",
                     f"one of {', '.join(CERTAINTIES)}, not {certainty!r}")
    min_sources = raw.get("min_sources")
    if min_sources is not None and (not isinstance(min_sources, int) or min_sources < 1):
        raise _where(path, f"{place}.min_sources", "a whole number, 1 or more")
    for key in ("source", "target", "unit"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            raise _where(path, f"{place}.{key}", "expected a name")
    return RuleConfig(
        name=name, when=when, actors=_str_list(raw.get("actors"), path, f"{place}.actors", True),
        source=raw["source"].upper() if raw.get("source") else None,
        target=raw["target"].upper() if raw.get("target") else None,
        types=types, items=_str_list(raw.get("items"), path, f"{place}.items"),
        unit=raw["unit"].lower() if raw.get("unit") else None,
        min_certainty=certainty, min_sources=min_sources)


def _source(raw, index: int, path: Path) -> SourceConfig:
    place = f"sources[{index}]"
    if not isinstance(raw, dict):
        raise _where(path, place, "expected a mapping with 'feed' or 'folder'")
    unknown = sorted(set(raw) - {"feed", "folder", "follow_links", "format", "fields"})
    if unknown:
        raise _where(path, place, f"unknown key(s) {', '.join(unknown)}")
    try:
        fmt = Format(raw.get("format", "auto"))
        fields = Fields(**(raw.get("fields") or {}))
    except (ValueError, TypeError) as exc:
        raise _where(path, place, str(exc)) from None
    follow = raw.get("follow_links", True)
    if not isinstance(follow, bool):
        raise _where(path, f"{place}.follow_links", "true or false")
    if "feed" in raw:
        url = raw["feed"]
        if not isinstance(url, str) or not is_url(url):
            raise _where(path, f"{place}.feed", f"not an http(s) URL: {url!r}")
        return SourceConfig("feed", url.strip(), follow, fmt, fields)
    if "folder" in raw:
        folder = raw["folder"]
        if not isinstance(folder, str) or not folder.strip():
            raise _where(path, f"{place}.folder", "expected a folder path")
        location = (path.parent / folder).resolve()
        if not location.is_dir():
            raise _where(path, f"{place}.folder", f"no such folder: {location}")
        return SourceConfig("folder", str(location), follow, fmt, fields)
    raise _where(path, place, "expected 'feed' or 'folder'")


def load_config(path: str | Path) -> WatchConfig:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top")
    known = {"name", "db", "interval", "fetch", "sources", "alerts", "rules", "alert_existing",
             "workers"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}")
    name = str(raw.get("name") or path.stem)
    if not _NAME.match(name):
        raise _where(path, "name", f"bad watch name {name!r} (letters, digits, . _ -)")
    workers = raw.get("workers", 1)
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise _where(path, "workers", "a whole number of processes (0 = all cores)")
    interval = raw.get("interval", 600)
    if not isinstance(interval, int | float) or interval <= 0:
        raise _where(path, "interval", "seconds, a positive number")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise _where(path, "sources", "a list of at least one feed or folder")
    rules = raw.get("rules") or []
    if not isinstance(rules, list):
        raise _where(path, "rules", "expected a list")
    parsed_rules = tuple(_rule(r, i, path) for i, r in enumerate(rules))
    names = [r.name for r in parsed_rules]
    if len(set(names)) != len(names):
        raise _where(path, "rules", "rule names must differ")
    alerts = raw.get("alerts") or {}
    if not isinstance(alerts, dict) or set(alerts) - {"console", "jsonl", "webhook"}:
        raise _where(path, "alerts", "a mapping of console, jsonl and webhook")
    webhook = alerts.get("webhook")
    if webhook is not None and (not isinstance(webhook, str) or not is_url(webhook)):
        raise _where(path, "alerts.webhook", f"not an http(s) URL: {webhook!r}")
    jsonl = alerts.get("jsonl")
    if jsonl is not None and not isinstance(jsonl, str):
        raise _where(path, "alerts.jsonl", "a file path")
    fetch = dict(raw.get("fetch") or {})
    if fetch.get("cache_dir"):
        fetch["cache_dir"] = str((path.parent / str(fetch["cache_dir"])).resolve())
    try:
        fetch_settings = FetchSettings.from_mapping(fetch)
        parse_networks(fetch_settings.allow_networks)
    except (ValueError, TypeError) as exc:
        raise _where(path, "fetch", str(exc)) from None
    db = raw.get("db")
    if isinstance(db, str) and "://" not in db:
        db = str((path.parent / db).resolve())
    return WatchConfig(
        path=str(path), name=name, db=db, interval=float(interval),
        sources=tuple(_source(s, i, path) for i, s in enumerate(sources)),
        rules=parsed_rules,
        alerts=AlertConfig(console=bool(alerts.get("console", True)),
                           jsonl=str((path.parent / jsonl).resolve()) if jsonl else None,
                           webhook=webhook),
        fetch=fetch_settings, alert_existing=bool(raw.get("alert_existing", False)),
        workers=workers)
