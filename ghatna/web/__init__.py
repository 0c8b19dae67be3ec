"""The web UI's templates and stylesheet (rendered by ``ghatna.api.routes.pages``; no logic here)."""
