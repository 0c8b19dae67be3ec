"""Ingest tests; a package so that the shared helper ``badinputs`` imports as ``ingest.badinputs``."""
