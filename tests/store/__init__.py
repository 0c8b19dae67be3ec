"""Store tests; a package so that the shared helper ``records`` imports as ``store.records``."""
