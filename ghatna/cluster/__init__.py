"""Across documents: stories (articles about one happening) and one event per happening.

Pure functions over small per-article records (``StoryDoc``, ``ReportedEvent``); no I/O. The
near-duplicate step that runs before them lives in ``ghatna.ingest.dedup``; ``ghatna.crossdoc``
runs the three in order over a store or a batch run's output.
"""
