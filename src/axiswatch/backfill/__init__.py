"""Backfill: an archive read in partitions, cleaned and extracted on an engine (this
process or a Ray cluster), written as partitioned Parquet for ``axiswatch load``."""
