"""Command-line interface: one module per command, each a thin wrapper over a public function."""
