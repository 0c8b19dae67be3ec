"""Coded errors: every failure a user can meet has a code, a message and a hint.

Codes: E1xx ingest, E2xx text, E3xx extract, E4xx kb, E5xx store, E6xx config/resources,
E7xx pipeline, E8xx api. The catalogue below is the one place where codes and their
messages live (the idea is spaCy's ``errors.py``); raising code passes the code and the
values to format.
"""

from __future__ import annotations

from typing import Any

#: code -> (message template, what the user should do)
CATALOGUE: dict[str, tuple[str, str]] = {
    # ingest
    "E100": ("input is empty", "check the file; an empty record cannot become an article"),
    "E101": ("input holds only whitespace or markup, no text", "check the scrape; nothing to keep"),
    "E102": ("input looks binary ({kind})", "pass text, HTML, JSONL or WARC files only"),
    "E103": ("input is not valid {encoding}: {detail}", "re-export the file as UTF-8"),
    "E104": ("input is {size} bytes, over the limit of {limit} bytes",
             "split the file, or raise ingest.max_bytes (GHATNA_INGEST__MAX_BYTES)"),
    "E105": ("text is Hindi in a legacy font encoding ({font}) and could not be converted",
             "convert it to Unicode (e.g. with a KrutiDev-to-Unicode converter) and ingest again"),
    "E106": ("JSONL line {line} is not valid JSON: {detail}", "fix or drop that line; other lines were read"),
    "E107": ("JSONL line {line} has neither a 'text' nor an 'html' field",
             "give each record a 'text' or 'html' string field"),
    "E108": ("HTML holds no extractable main text", "check that the page is an article page"),
    "E109": ("WARC file could not be read: {detail}", "check that the file is a (gzipped) WARC"),
    "E110": ("path does not exist or matches nothing: {path}", "check the path or glob"),
    "E111": ("cannot read {path}: {detail}", "check permissions and that it is a regular file"),
    "E112": ("text is mostly not Devanagari or Latin ({detail})", "ghatna reads Hindi and English news"),
    "E113": ("unsupported file type: {path}", "use .txt, .html, .jsonl, .warc(.gz) or a directory"),
    # text
    "E200": ("offset {offset} is outside the text (length {length})", "report this as a bug"),
    # extract
    "E300": ("NER model not found at {path}", "reinstall ghatna or run 'make train-ner'"),
    # kb
    "E400": ("knowledge base not found at {path}", "reinstall ghatna or run 'make kb'"),
    "E401": ("cannot read entity file: {detail}", "see 'ghatna kb add --help' for the YAML/CSV fields"),
    "E402": ("no entity matches {query!r}", "try another spelling, or 'ghatna kb search TEXT'"),
    # store
    "E500": ("cannot open store {url}: {detail}", "check the path and that the directory is writable"),
    "E501": ("store schema version {found} is newer than this ghatna ({supported})", "upgrade ghatna"),
    "E502": ("article {id} not found", "list articles with 'ghatna list' or check the id"),
    "E503": ("store error: {detail}", "check disk space and permissions; re-run the command"),
    "E504": ("article id prefix '{prefix}' matches several articles: {ids}", "give more characters of the id"),
    "E505": ("entity {id} is not in the store", "find entities with 'ghatna kb search NAME --db FILE'"),
    "E506": ("merge {id} not found", "list merges with 'ghatna kb merges'"),
    "E507": ("cannot {action}: {detail}", "list merges with 'ghatna kb merges'"),
    "E508": ("{kind} {id} not found", "list them with the API's list endpoints (GET /api/{kind}s)"),
    # config / resources
    "E600": ("unknown setting '{key}'", "see 'ghatna config --help' / docs/settings.md for valid keys"),
    "E601": ("setting '{key}' has an invalid value {value!r}: {detail}", "fix the value in ghatna.toml or env"),
    "E602": ("resource file missing or unreadable: {name}", "reinstall ghatna"),
    "E603": ("resource file {name} is malformed at line {line}: {detail}", "fix the data file"),
    # pipeline
    "E700": ("stage '{stage}' requires '{field}', which no earlier stage assigns",
             "add a stage that assigns it before '{stage}'"),
    "E701": ("unknown stage '{name}'", "see 'ghatna stages' for registered names"),
    "E702": ("stage '{stage}' failed: {detail}", "report this with the article id"),
    # api
    "E800": ("no such page: {path}", "see /api/docs for the endpoints"),
    "E801": ("invalid request: {detail}", "see /api/docs for the parameters each endpoint takes"),
    "E802": ("this endpoint needs a valid bearer token", "send 'Authorization: Bearer <api.token>'"),
    "E803": ("writes are disabled on this server", "set api.token (GHATNA_API__TOKEN) to enable them"),
    "E804": ("request body is {size} bytes, over the limit of {limit}", "send fewer or smaller articles per request"),
    "E805": ("internal error ({detail})", "report this as a bug, with the request"),
    "E806": ("method {method} is not allowed here", "see /api/docs for the methods of each endpoint"),
}


class GhatnaError(Exception):
    """Base of every error ghatna raises on purpose; carries a code and a hint."""

    default_code = "E000"

    def __init__(self, code: str | None = None, **values: Any) -> None:
        self.code = code or self.default_code
        self.values = values
        template, hint = CATALOGUE.get(self.code, ("{detail}", ""))
        try:
            self.message = template.format(**values)
        except (KeyError, IndexError):
            self.message = template
        self.hint = hint
        super().__init__(f"[{self.code}] {self.message}" + (f" — {hint}" if hint else ""))

    def to_dict(self) -> dict[str, Any]:
        """Return the error as the JSON shape used by CLI and API."""
        return {"code": self.code, "message": self.message, "hint": self.hint}


class ConfigError(GhatnaError):
    """A setting is unknown or has an invalid value."""

    default_code = "E600"


class ResourceError(GhatnaError):
    """A packaged resource (lexicon, model, KB) is missing or malformed."""

    default_code = "E602"


class InputError(GhatnaError):
    """An input record cannot become an article; becomes a recorded rejection."""

    default_code = "E100"


class PipelineError(GhatnaError):
    """The pipeline is misassembled or a stage failed."""

    default_code = "E700"


class StoreError(GhatnaError):
    """The store cannot be opened, migrated or written."""

    default_code = "E503"
