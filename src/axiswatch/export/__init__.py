"""Exports of the store: files for other tools and for other stores.

Events and facts as tables (CSV, JSON Lines, Parquet), the network as GraphML
and GEXF, FollowTheMoney entities for Aleph, and a transfer register in the
columns of the SIPRI Arms Transfers Database; :mod:`axiswatch.export.formats`
names them, and each writer reads the store in batches and writes as it goes,
so memory stays bounded however large the store is (``docs/exports.md``).
:mod:`axiswatch.export.bundle` writes a store slice to move to another store.
"""
