"""The network as GraphML and GEXF: actors as nodes, one directed edge per fact.

Each edge carries its fact's type, item category, number of independent
sources, strongest and weakest certainty, confidence, first and last date and
fact id; each node its id, name and kind, and the span of the facts it takes
part in. In GEXF the graph is ``mode="dynamic"`` with ``start``/``end`` on
nodes and edges (``timeformat="date"``), so Gephi's timeline plays; GraphML
has no notion of time, so ``start`` and ``end`` are plain attributes there
(Gephi can merge them into an interval column). Partial dates are widened:
"2024-03" starts on the 1st and ends on the 31st.

The nodes are read first (one grouped query), then the edges are streamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from axiswatch.export.rows import ActorInfo, Row
from axiswatch.export.safe import clean_text
from axiswatch.fuse.claims import interval

_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

# (name, GraphML type, GEXF type) of each edge attribute
EDGE_ATTRIBUTES = [
    ("fact", "string", "string"), ("type", "string", "string"),
    ("category", "string", "string"), ("sources", "int", "integer"),
    ("certainty", "string", "string"), ("weakest", "string", "string"),
    ("confidence", "double", "double"), ("contested", "boolean", "boolean"),
    ("start", "string", "string"), ("end", "string", "string"),
]
NODE_ATTRIBUTES = [("name", "string", "string"), ("kind", "string", "string"),
                   ("start", "string", "string"), ("end", "string", "string")]


def _attr(value: object) -> str:
    return quoteattr(clean_text(str(value)), _ENTITIES)


def _text(value: object) -> str:
    return escape(clean_text(str(value)))


def interval_start(day: str | None) -> str | None:
    """The first day of a partial date: "2024" -> "2024-01-01"."""
    return interval(day)[0].isoformat() if day else None


def interval_end(day: str | None) -> str | None:
    """The last day of a partial date: "2024-02" -> "2024-02-29"."""
    return interval(day)[1].isoformat() if day else None


def fact_span(fact: Row) -> tuple[str | None, str | None]:
    """A fact's first and last date: its period, else when it was first/last reported."""
    first, last = fact.get("first_reported"), fact.get("last_reported")
    start = fact.get("period_start") or (first.isoformat() if first else None)
    end = fact.get("period_end") or (last.isoformat() if last else None) or start
    start = start or end
    return interval_start(start), interval_end(end)


def _edge_values(fact: Row) -> dict[str, object]:
    start, end = fact_span(fact)
    return {"fact": fact["id"], "type": fact["type"], "category": fact["item_category"],
            "sources": fact["sources"], "certainty": fact["strongest"],
            "weakest": fact["weakest"], "confidence": fact["confidence"],
            "contested": fact["contested"], "start": start, "end": end}


def _graphml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


def write_graphml(nodes: list[ActorInfo], fact_batches: Iterable[list[Row]],
                  out: BinaryIO) -> int:
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
              b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              b'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              b'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for name, kind, _ in NODE_ATTRIBUTES:
        out.write(f'  <key id="n_{name}" for="node" attr.name="{name}" '
                  f'attr.type="{kind}"/>\n'.encode())
    for name, kind, _ in EDGE_ATTRIBUTES:
        out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" '
                  f'attr.type="{kind}"/>\n'.encode())
    out.write(b'  <graph id="axiswatch" edgedefault="directed">\n')
    known = set()
    for node in nodes:
        known.add(node.id)
        values = {"name": node.name, "kind": node.kind, "start": interval_start(node.first),
                  "end": interval_end(node.last)}
        data = "".join(f'<data key="n_{k}">{_graphml_value(v)}</data>'
                       for k, v in values.items() if v is not None)
        out.write(f'    <node id={_attr(node.id)}>{data}</node>\n'.encode())
    count = 0
    for facts in _drawable(fact_batches, known):
        chunk = []
        for fact in facts:
            data = "".join(f'<data key="e_{k}">{_graphml_value(v)}</data>'
                           for k, v in _edge_values(fact).items() if v is not None)
            chunk.append(f'    <edge id={_attr(fact["id"])} source={_attr(fact["source"])} '
                         f'target={_attr(fact["target"])}>{data}</edge>\n')
            count += 1
        out.write("".join(chunk).encode("utf-8"))
    out.write(b"  </graph>\n</graphml>\n")
    return count


def _drawable(fact_batches: Iterable[list[Row]], known: set) -> Iterator[list[Row]]:
    """Each batch's facts that can be edges: two parties, both among the nodes."""
    for facts in fact_batches:
        yield [f for f in facts
               if f["target"] is not None and f["source"] in known and f["target"] in known]


def _gexf_value(value: object) -> str:
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    return _attr(value)


def _attvalues(values: dict[str, object]) -> str:
    inner = "".join(f"<attvalue for={_attr(k)} value={_gexf_value(v)}/>"
                    for k, v in values.items() if v is not None)
    return f"<attvalues>{inner}</attvalues>" if inner else ""


def _interval(start: str | None, end: str | None) -> str:
    return (f" start={_attr(start)}" if start else "") + (f" end={_attr(end)}" if end else "")


def write_gexf(nodes: list[ActorInfo], fact_batches: Iterable[list[Row]], out: BinaryIO) -> int:
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
              b'<gexf xmlns="http://gexf.net/1.3" '
              b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              b'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
              b'version="1.3">\n'
              b'  <meta><creator>axiswatch</creator><description>Facts of military '
              b'cooperation between states: one edge per fact</description></meta>\n'
              b'  <graph mode="dynamic" defaultedgetype="directed" timeformat="date" '
              b'timerepresentation="interval">\n')
    for cls, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        out.write(f'    <attributes class="{cls}" mode="static">\n'.encode())
        for name, _, kind in attributes:
            if name in ("start", "end"):  # the element's own interval
                continue
            out.write(f'      <attribute id="{name}" title="{name}" type="{kind}"/>\n'.encode())
        out.write(b"    </attributes>\n")
    out.write(b"    <nodes>\n")
    known = set()
    for node in nodes:
        known.add(node.id)
        out.write((f"      <node id={_attr(node.id)} label={_attr(node.name)}"
                   f"{_interval(interval_start(node.first), interval_end(node.last))}>"
                   f"{_attvalues({'name': node.name, 'kind': node.kind})}</node>\n")
                  .encode())
    out.write(b"    </nodes>\n    <edges>\n")
    count = 0
    for facts in _drawable(fact_batches, known):
        chunk = []
        for fact in facts:
            start, end = fact_span(fact)
            values = _edge_values(fact)
            del values["start"], values["end"]
            label = " ".join(str(v) for v in (fact["type"], fact["item_category"]) if v)
            chunk.append(f"      <edge id={_attr(fact['id'])} source={_attr(fact['source'])} "
                         f"target={_attr(fact['target'])} label={_attr(label)} "
                         f"weight=\"{max(int(fact['sources']), 1)}\""
                         f"{_interval(start, end)}>{_attvalues(values)}</edge>\n")
            count += 1
        out.write("".join(chunk).encode("utf-8"))
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")
    return count
