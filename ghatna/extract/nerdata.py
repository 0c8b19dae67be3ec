"""NER corpora: IOB2 readers with the documented noise fixes, tag mapping, alignment, splits.

Two formats are read (both ``TOKEN<TAB>TAG``, blank line between sentences):

* IL-NER Hindi (``Hindi-{train,dev}.txt``): ILMT tag names (NEP, NEL, NEO, NETI, NEN, NEAR…);
  the last sentence has no trailing blank line; one line holds a tag and no token; some tags
  lack the ``B-``/``I-`` prefix (``-`` and ``-NEL`` …). Fixes follow the corpus README:
  skip the token-less line, read ``-`` as ``O``, and ``-X`` as ``I-X`` after a tag of type X,
  else ``B-X``.
* HiNER (``validation.conll``, original or collapsed tag set): PERSON, LOCATION, ORGANIZATION,
  NUMEX, TIMEX … ; 41 tokens are not NFC.

Tokens are NFC-normalised; an ``I-`` tag that does not continue an entity of its type is read
as ``B-`` (conlleval convention). Tags map to the model's types PER, LOC, ORG, DATE, NUM; the
rest (artefacts, languages, games …) become ``O`` because neither corpus marks them consistently
with the other.

Alignment: a tagged sentence is turned into text (tokens joined by single spaces) plus
character spans of its entities, trimmed of edge punctuation (HiNER keeps some quotes glued to
words). Models and the evaluator work on character spans, so the project's tokenizer can differ
from a corpus's tokenisation without losing gold entities.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ghatna.errors import InputError
from ghatna.text.tokenize import iter_token_spans

#: corpus type name -> model type (None: not modelled, read as O)
TYPE_MAP: dict[str, str | None] = {
    "NEP": "PER", "NEL": "LOC", "NEO": "ORG", "NETI": "DATE", "NEN": "NUM",
    "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG", "TIMEX": "DATE", "NUMEX": "NUM",
    "PER": "PER", "LOC": "LOC", "ORG": "ORG", "DATE": "DATE", "NUM": "NUM",
    "NEAR": None, "NEU": None, "NED": None, "MISC": None, "LANGUAGE": None, "GAME": None,
    "LITERATURE": None, "RELIGION": None, "FESTIVAL": None,
}
#: TYPE_MAP with the types the model does not emit kept as one class, MISC, for training: a
#: scheme or a festival read as O teaches the CRF that name-like words are often no name
TYPE_MAP_MISC: dict[str, str | None] = {k: v or "MISC" for k, v in TYPE_MAP.items()}
#: the types the headline score averages over
NAME_TYPES = ("PER", "LOC", "ORG")
MODEL_TYPES = ("PER", "LOC", "ORG", "DATE", "NUM")


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """A corpus sentence: NFC tokens and clean IOB2 tags over model types."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    source: str = ""

    @property
    def key(self) -> str:
        """The sentence's token sequence, used to find sentences shared between splits."""
        return " ".join(self.tokens)


def _fix_tag(raw: str, prev_type: str | None) -> str:
    """Repair one raw tag: missing prefixes per the IL-NER README, unknown types to O."""
    raw = raw.strip()
    if raw in ("", "O", "-"):
        return "O"
    if raw.startswith("-"):  # '-X': continue X if the previous tag was X, else open it
        etype = raw[1:]
        prefix = "I" if prev_type == etype else "B"
    elif len(raw) > 2 and raw[1] == "-" and raw[0] in "BI":
        prefix, etype = raw[0], raw[2:]
    else:
        prefix, etype = "B", raw
    return f"{prefix}-{etype}"


def map_tags(raw_tags: Sequence[str], type_map: dict[str, str | None] = TYPE_MAP) -> tuple[str, ...]:
    """Turn raw (possibly malformed) corpus tags into clean IOB2 tags over model types.

    Example:
        >>> map_tags(["B-NEP", "-NEP", "-", "I-NEL", "B-NEAR"])
        ('B-PER', 'I-PER', 'O', 'B-LOC', 'O')
    """
    out: list[str] = []
    prev_raw_type: str | None = None
    prev_type: str | None = None
    for raw in raw_tags:
        tag = _fix_tag(raw, prev_raw_type)
        if tag == "O":
            prev_raw_type = prev_type = None
            out.append("O")
            continue
        prefix, raw_type = tag.split("-", 1)
        mapped = type_map.get(raw_type)
        if mapped is None:
            out.append("O")
            prev_type = None
        else:
            if prefix == "I" and prev_type != mapped:
                prefix = "B"  # orphan I- opens an entity (conlleval)
            out.append(f"{prefix}-{mapped}")
            prev_type = mapped
        prev_raw_type = raw_type
    return tuple(out)


def read_iob(path: str | Path, *, source: str = "",
             type_map: dict[str, str | None] = TYPE_MAP) -> list[TaggedSentence]:
    """Read an IOB2 file (IL-NER or HiNER format) into clean tagged sentences.

    Raises:
        InputError: the file cannot be read (E111).
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("E111", path=str(p), detail=str(exc)) from exc
    return parse_iob(lines, source=source or p.name, type_map=type_map)


def parse_iob(lines: Iterable[str], *, source: str = "",
              type_map: dict[str, str | None] = TYPE_MAP) -> list[TaggedSentence]:
    """Parse IOB2 lines; flushes the last sentence at the end even without a blank line."""
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    raw_tags: list[str] = []

    def flush() -> None:
        if tokens:
            sentences.append(TaggedSentence(tuple(tokens), map_tags(raw_tags, type_map), source))
        tokens.clear()
        raw_tags.clear()

    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip():
            continue  # a tag with no token (IL-NER train line 213,885)
        token = unicodedata.normalize("NFC", parts[0].strip())
        tokens.append(token)
        raw_tags.append(parts[-1])
    flush()
    return sentences


def format_iob(sentences: Iterable[TaggedSentence]) -> str:
    """IOB2 text (``TOKEN<TAB>TAG``, blank line after each sentence) that ``parse_iob`` reads back."""
    return "".join("".join(f"{w}\t{t}\n" for w, t in zip(s.tokens, s.tags)) + "\n" for s in sentences)


def tag_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Return ``(first, last + 1, type)`` token spans of the entities in clean IOB2 (or BIOES) tags.

    BIOES tags (``S-`` a one-token entity, ``E-`` its last token) are read too, so a model
    trained on them needs no other decoder; an ``E-``/``I-`` without an open entity opens one.
    """
    spans: list[tuple[int, int, str]] = []
    start, etype = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, ttype = tag[:2], tag[2:]
        if start >= 0 and not (prefix in ("I-", "E-") and ttype == etype):
            spans.append((start, i, etype))
            start = -1
        if start < 0 and prefix in ("B-", "I-", "S-", "E-"):
            start, etype = i, ttype
        if start >= 0 and prefix in ("S-", "E-"):
            spans.append((start, i + 1, etype))
            start = -1
    return spans


def to_bioes(tags: Sequence[str]) -> list[str]:
    """Rewrite IOB2 tags as BIOES (single-token entities ``S-``, last tokens ``E-``).

    Example:
        >>> to_bioes(["B-PER", "I-PER", "O", "B-LOC"])
        ['B-PER', 'E-PER', 'O', 'S-LOC']
    """
    out = ["O"] * len(tags)
    for a, b, etype in tag_spans(tags):
        if b - a == 1:
            out[a] = "S-" + etype
        else:
            out[a] = "B-" + etype
            out[a + 1:b - 1] = ["I-" + etype] * (b - a - 2)
            out[b - 1] = "E-" + etype
    return out


def _is_punct(text: str) -> bool:
    """True for a token made only of punctuation characters."""
    return all(unicodedata.category(c)[0] == "P" for c in text)


def to_text(sentence: TaggedSentence) -> tuple[str, list[tuple[int, int, str]]]:
    """Join a sentence's tokens with spaces; return the text and its entity character spans.

    Entity spans are trimmed to the first and last non-punctuation piece of the project's
    tokenizer, so a quote glued to a name (HiNER) is not part of the gold entity.
    """
    offsets = []
    pos = 0
    for tok in sentence.tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    text = " ".join(sentence.tokens)
    spans = []
    for a, b, etype in tag_spans(sentence.tags):
        s, e = offsets[a][0], offsets[b - 1][1]
        pieces = [(ps, pe) for ps, pe in iter_token_spans(text[s:e], split_hyphens=True)
                  if not _is_punct(text[s + ps:s + pe])]
        if pieces:
            spans.append((s + pieces[0][0], s + pieces[-1][1], etype))
    return text, spans


def token_tags(token_spans: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for tokens given entity character spans (tokens inside a span get its type)."""
    tags = ["O"] * len(token_spans)
    j = 0
    ordered = sorted(spans)
    for i, (ts, te) in enumerate(token_spans):
        while j < len(ordered) and ordered[j][1] <= ts:
            j += 1
        if j < len(ordered) and ordered[j][0] <= ts and te <= ordered[j][1]:
            tags[i] = ("B-" if ts == ordered[j][0] else "I-") + ordered[j][2]
    return tags


def _bucket(sentence: TaggedSentence) -> int:
    """A stable 0-99 bucket from the sentence text (so a repeated sentence falls in one split)."""
    return int(hashlib.sha1(sentence.key.encode("utf-8")).hexdigest()[:8], 16) % 100


def fold_of(sentence: TaggedSentence, folds: int) -> int:
    """A stable fold number in ``range(folds)`` for cross-fitting (independent of the split buckets)."""
    digest = hashlib.sha1(("fold:" + sentence.key).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % folds


@dataclass(frozen=True, slots=True)
class Splits:
    """The fixed experiment splits (see ``load_splits``)."""

    train: tuple[TaggedSentence, ...]
    tune: tuple[TaggedSentence, ...]
    ilner_dev: tuple[TaggedSentence, ...]
    ilner_dev_unseen: tuple[TaggedSentence, ...]
    hiner_heldout: tuple[TaggedSentence, ...]


#: hash buckets (of 100) held out from HiNER validation as a test split, and used for tuning
HINER_HELDOUT_BUCKETS = range(0, 15)
TUNE_BUCKETS = range(15, 20)


def load_splits(data_dir: str | Path, type_map: dict[str, str | None] = TYPE_MAP) -> Splits:
    """Build the deterministic splits from ``shared/data``.

    * ``ilner_dev``: IL-NER Hindi dev, never trained or tuned on; ``ilner_dev_unseen`` drops
      dev sentences whose token sequence also occurs in any training sentence.
    * ``hiner_heldout``: the HiNER validation sentences whose hash bucket is 0–14 (about 15 %),
      never trained or tuned on.
    * ``tune``: buckets 15–19 of IL-NER train and HiNER validation, for choosing settings.
    * ``train``: everything else of IL-NER train and HiNER validation.

    ``type_map`` maps the corpus types (``TYPE_MAP_MISC`` keeps the unmodelled ones as MISC);
    the splits do not depend on it.
    """
    root = Path(data_dir)
    il_train = read_iob(root / "il-ner-hindi" / "Hindi-train.txt", source="ilner-train", type_map=type_map)
    il_dev = read_iob(root / "il-ner-hindi" / "Hindi-dev.txt", source="ilner-dev", type_map=type_map)
    hiner = read_iob(root / "hiner" / "validation.conll", source="hiner-validation", type_map=type_map)
    heldout = [s for s in hiner if _bucket(s) in HINER_HELDOUT_BUCKETS]
    heldout_keys = {s.key for s in heldout}
    train, tune = [], []
    for s in il_train + [s for s in hiner if _bucket(s) not in HINER_HELDOUT_BUCKETS]:
        if s.key in heldout_keys:
            continue  # a HiNER held-out sentence repeated in IL-NER train stays out of training
        (tune if _bucket(s) in TUNE_BUCKETS else train).append(s)
    seen = {s.key for s in train} | {s.key for s in tune}
    unseen = [s for s in il_dev if s.key not in seen]
    return Splits(tuple(train), tuple(tune), tuple(il_dev), tuple(unseen), tuple(heldout))
