"""Package data and the one loader that reads it."""
