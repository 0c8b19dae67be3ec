"""The NER stage: a CRF over the project's tokens, emitting Mention records with offsets.

The shipped model lives in ``ghatna/resources/models/ner/`` (``model.crfsuite``, ``meta.json``,
``gazetteer.tsv``) and is rebuilt by ``make train-ner``. CRFsuite trains it; tagging reads its
weights into numpy (``crf``), scores whole articles from per-word cached sums (``nerscore``) and
decodes all sentences of an article at once, on CPU, with no deep-learning stack.

Labels: the model's PER/ORG/LOC/DATE/NUM become PERSON, ORG, LOC or GPE (a LOC span the
gazetteer knows as a country, state or city), DATE, NUM or MONEY (a number next to a currency
word or sign).

Hyphenated names: the model sees ``कासिम - जोमार्ट`` as three tokens (as IL-NER was
tokenised); a PERSON or ORG mention that covers part of a hyphenated word is widened to the
whole word, so a double given name is one name. Place compounds (``रूस-कज़ाकिस्तान``) keep
their parts as separate places.

Example:
    >>> tagger = NerTagger.from_disk()          # doctest: +SKIP
    >>> [(m.text, m.label) for m in tagger("रूसी राष्ट्रपति व्लादिमीर पुतिन अस्ताना पहुंचे।")]  # doctest: +SKIP
    [('व्लादिमीर पुतिन', 'PERSON'), ('अस्ताना', 'GPE')]
"""

from __future__ import annotations

import bisect
import json
import logging
import struct
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ghatna.errors import ResourceError
from ghatna.extract import nerrules
from ghatna.extract.crf import CrfWeights, decode
from ghatna.extract.nercnn import ConvExpert
from ghatna.extract.nerdata import tag_spans
from ghatna.extract.nerfeatures import Featurizer, Gazetteer, fold
from ghatna.extract.nerrules import Found
from ghatna.extract.nerscore import Scorer
from ghatna.resources import loader
from ghatna.text import segment
from ghatna.text.tokenize import iter_token_spans
from ghatna.text.translit import phonetic_key, skeleton_key
from ghatna.types import Article, Mention

log = logging.getLogger(__name__)

NAME = "ghatna.extract.ner.v1"
REQUIRES = ("text",)
ASSIGNS = ("mentions",)
SHIPPED = "models/ner"

_TO_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE", "DATE": "DATE", "NUM": "NUM"}
#: where the model's type -> which gazetteer types promote a LOC to GPE
_GPE_TYPES = frozenset({"GPE"})
_SENTENCE_END = frozenset({"\u0964", "\u0965", "?", "!", "."})
_MAX_CHUNK = 150  # tokens; longer runs without a sentence end are cut (CRF cost is linear anyway)


#: model tables: gazetteer (open-source names), memory (names seen in training), word classes
_TABLES = ("gazetteer", "memory", "wordclasses", "clusters")


def _read_tsv_file(path: Path) -> list[dict[str, str]]:
    """Rows of a model-directory TSV (comment lines, a header row, then data)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]


#: gazetteer sources curated enough to tag a name by exact match (see scripts/build_ner_gazetteer.py)
_SURE_SOURCES = frozenset({"seed", "country", "intl-org"})
_SURE_TYPES = frozenset({"PER", "ORG", "GPE", "LOC"})


#: a currency name from the broad sources (CLDR) this frequent in ``hi/wordfreq.tsv`` is a common word first
#: (CLDR gives है, हैं, बात and इकाई as currency names); curated ``seed`` names always count
_COMMON_WORD_COUNT = 20


def _currency_words(rows: Any, exclude: Iterable[str] = ()) -> frozenset[str]:
    """Folded one-word currency names that mark a number as money.

    A broad-source name that is a common word, or also a place (a lone उरुग्वे from "उरुग्वे
    पेसो"), does not count: "20 लोग हैं" and "3 बार बात की" are not sums of money.
    """
    counts = {r["word"]: int(r["count"]) for r in loader.read_tsv("hi/wordfreq.tsv")}
    places = {fold(r["name"]) for r in rows if r["type"] in ("GPE", "LOC")}
    out = set()
    for r in rows:
        name = r["name"]
        if r["type"] != "CUR" or " " in name:
            continue
        if r.get("source") in _SURE_SOURCES or (counts.get(name, 0) < _COMMON_WORD_COUNT and fold(name) not in places):
            out.add(fold(name))
    return frozenset(out - {fold(w) for w in exclude})


def _build_tables(tables: dict[str, Any]) -> tuple[Gazetteer | None, Gazetteer | None, dict[str, str] | None,
                                                  Gazetteer | None, dict[str, str] | None, frozenset[str]]:
    """Turn the model's TSV rows into the gazetteer, entity memory, word classes, curated names, currencies."""
    rows = tables["gazetteer"] or ()
    gaz = Gazetteer((r["name"], r["type"]) for r in rows) if rows else None
    sure = Gazetteer((r["name"], r["type"]) for r in rows
                     if r.get("source") in _SURE_SOURCES and r["type"] in _SURE_TYPES) if rows else None
    mem = Gazetteer((r["name"], r["type"]) for r in tables["memory"]) if tables["memory"] else None
    wc = {r["word"]: r["class"] for r in tables["wordclasses"]} if tables["wordclasses"] else None
    clusters = {r["word"]: r["clusters"] for r in tables["clusters"]} if tables["clusters"] else None
    not_money = loader.read_yaml("hi/ner_rules.yaml").get("not_currency_words", ())
    return gaz, mem, wc, sure, clusters, _currency_words(rows, not_money)


class NerTagger:
    """Callable NER stage: ``tagger(text) -> list[Mention]``.

    Args:
        model_path: path of a crfsuite model file.
        meta: the model's ``meta.json`` content (feature set, labels, provenance).
        gazetteer: names used by the ``rich`` features and for GPE/MONEY labels.

    A tagger keeps per-word caches that calls share; use one tagger per thread (the batch
    engines load one per process).
    """

    def __init__(self, model_path: str | Path, meta: dict[str, Any], gazetteer: Gazetteer | None = None,
                 memory: Gazetteer | None = None, word_classes: dict[str, str] | None = None,
                 known: Gazetteer | None = None, clusters: dict[str, str] | None = None,
                 currencies: frozenset[str] | None = None) -> None:
        """Read the CRF weights and build the featurizer, scorer and rule lists.

        ``currencies``: folded words that make a number next to them MONEY (default: the
        gazetteer's currency names).
        """
        self.meta = meta
        self.gazetteer = gazetteer or Gazetteer(())
        self.currencies = currencies if currencies is not None else frozenset(
            k[0] for k, types in self.gazetteer.names.items() if "CUR" in types and len(k) == 1)
        self.known = known or Gazetteer(())
        lists = loader.read_yaml("hi/ner_rules.yaml")
        self.event_heads = tuple(sorted(lists["event_heads"], key=len, reverse=True))
        self.latin_org_heads = frozenset(lists["latin_org_heads"])
        self.featurizer = Featurizer(meta.get("features", "rich"), self.gazetteer, memory, word_classes, clusters,
                                     window=meta.get("window", 2), acronyms=meta.get("acronyms", False))
        try:
            self.weights = CrfWeights.from_crfsuite(model_path, meta.get("fold_domain", ""))
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise ResourceError("E300", path=str(model_path)) from exc
        apply_tagging_constants(self.weights, meta)
        self.scorer = Scorer(self.weights, self.featurizer)
        labels = self.weights.labels
        # IOB2 labels are read with numpy (see _spans); other schemes (BIOES) by nerdata.tag_spans
        self._iob2 = all(lab == "O" or lab[:2] in ("B-", "I-") for lab in labels)
        # per label: its entity type's index (-1 for O) and whether it is an I- label
        self._type_names = sorted({lab[2:] for lab in labels if lab != "O"})
        self._label_kinds = (np.array([self._type_names.index(lab[2:]) if lab != "O" else -1 for lab in labels]),
                             np.array([lab.startswith("I-") for lab in labels]))
        # gazetteer types of surface strings, memoised per gazetteer (each lookup re-tokenises)
        self._gazetteer_types = _TypesMemo(self.gazetteer)
        self._known_types = _TypesMemo(self.known)
        self._windows: dict[str, tuple[tuple[int, int], ...]] = {}
        self.expert: ConvExpert | None = None  # the convolutional expert (meta "cnn"), set by from_disk
        self.expert_weight = float(meta.get("cnn", {}).get("lam", 0.0))

    def attach_expert(self, path: str | Path) -> None:
        """Load the convolutional expert whose log-probabilities are added to the CRF's state scores."""
        self.expert = ConvExpert.from_file(path, self.weights.labels, self.gazetteer)

    def _state_scores(self, words: Sequence[str], rows: np.ndarray, folded: list[str],
                      lengths: Sequence[int]) -> np.ndarray:
        """Per-token label scores: the CRF's, plus the weighted expert's log-probabilities."""
        scores = self.scorer.scores(rows, folded, lengths)
        if self.expert is not None and self.expert_weight:
            matches = self.scorer.last_matches.get(self.gazetteer)  # the CRF features' matches (None: expert matches)
            scores += self.expert_weight * self.expert.log_probs(words, folded, lengths, matches)
        return scores

    @classmethod
    def from_disk(cls, path: str | Path | None = None, expert: bool = True) -> "NerTagger":
        """Load a model directory; ``None`` (or ``""``) loads the model shipped in the package.

        ``expert=False`` leaves out the convolutional expert ``meta.json`` names (the CRF alone).

        Raises:
            ResourceError: E300 when the directory or its model file is missing.
        """
        if not path:
            try:
                model = loader.resource_path(f"{SHIPPED}/model.crfsuite")
                meta = json.loads(loader.read_text(f"{SHIPPED}/meta.json"))
                tables = {name: loader.read_tsv(f"{SHIPPED}/{name}.tsv") if name in meta.get("tables", ()) else None
                          for name in _TABLES}
            except ResourceError as exc:
                raise ResourceError("E300", path=f"ghatna/resources/{SHIPPED}") from exc
            tagger = cls(model, meta, *_build_tables(tables))
            if expert and meta.get("cnn"):
                tagger.attach_expert(loader.resource_path(f"{SHIPPED}/{meta['cnn']['file']}"))
            return tagger
        root = Path(path)
        model = root / "model.crfsuite"
        if not model.is_file():
            raise ResourceError("E300", path=str(root))
        meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
        tables = {name: _read_tsv_file(root / f"{name}.tsv") if name in meta.get("tables", ()) else None
                  for name in _TABLES}
        tagger = cls(model, meta, *_build_tables(tables))
        if expert and meta.get("cnn"):
            tagger.attach_expert(root / meta["cnn"]["file"])
        return tagger

    def clear_caches(self) -> None:
        """Forget the per-word scores and memoised lookups (benchmarks time cold passes)."""
        self.scorer.clear()
        if self.expert is not None:
            self.expert.clear()
        self._gazetteer_types.clear()
        self._known_types.clear()
        self._windows.clear()

    @property
    def labels(self) -> list[str]:
        """The IOB labels the model can emit."""
        return list(self.weights.labels)

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """IOB2 tags for one sentence given as words (used by training and evaluation)."""
        if not words:
            return []
        rows = self.scorer.rows(words)
        scores = self._state_scores(words, rows, self.scorer.folded(rows), [len(words)])
        labels, _ = decode(scores, [len(words)], self.weights.transitions)
        names = self.weights.labels
        return [names[i] for i in labels.tolist()]

    def _chunks(self, text: str, spans: list[tuple[int, int]], words: list[str]) -> list[int]:
        """Lengths of the sentence-like runs of tokens: cut at sentence ends, newlines, or length."""
        n = len(spans)
        # a full stop ends a run only where the sentence splitter ends a sentence: not after डॉ.
        # or the initial of एस. जयशंकर (training sentences are never cut there)
        cut = {i + 1 for i, w in enumerate(words)
               if w in _SENTENCE_END and (w != "." or _dot_ends_sentence(text, spans[i][0]))}
        starts = [s for s, _ in spans]
        nl = text.find("\n")
        while nl >= 0:  # a newline between two tokens ends the run before it
            i = bisect.bisect_right(starts, nl)
            if 0 < i < n:
                cut.add(i)
            nl = text.find("\n", nl + 1)
        lengths = []
        start = 0
        for end in sorted(cut | {n}):
            while end - start > _MAX_CHUNK:
                lengths.append(_MAX_CHUNK)
                start += _MAX_CHUNK
            if end > start:
                lengths.append(end - start)
                start = end
        return lengths

    def __call__(self, text: str) -> list[Mention]:
        """Find the mentions in a text; offsets are code points of ``text``."""
        spans = list(iter_token_spans(text, split_hyphens=True))
        if not spans:
            return []
        words = [text[s:e] for s, e in spans]
        lengths = self._chunks(text, spans, words)
        rows = self.scorer.rows(words)
        folded = self.scorer.folded(rows)
        scores = self._state_scores(words, rows, folded, lengths)
        labels, marginals = decode(scores, lengths, self.weights.transitions)
        found = self._spans(spans, lengths, labels, marginals)
        if self.meta.get("repairs", True):
            found = self.repair(text, found, spans, (rows, folded))
        return [self._mention(text, *f) for f in found]

    def _spans(self, spans: list[tuple[int, int]], lengths: list[int], labels: np.ndarray,
               marginals: np.ndarray) -> list[Found]:
        """Entity spans of the decoded labels with the least marginal of their tokens.

        Labels are read per run as ``nerdata.tag_spans`` reads them; IOB2 ones with numpy.
        Entities of a type the stage does not emit (a ``MISC`` class trained on) are dropped.
        """
        if not self._iob2:
            return [f for f in self._spans_by_tags(spans, lengths, labels, marginals) if f[2] in _TO_LABEL]
        kind, inside = self._label_kinds
        types = kind[labels]
        # a token continues the entity before it when it is I- of the same type, in the same run
        cont = inside[labels]
        cont[1:] &= types[1:] == types[:-1]
        cont[0] = False
        cont[np.cumsum(lengths)[:-1]] = False
        first = np.flatnonzero((types >= 0) & ~cont)
        if not len(first):
            return []
        breaks = np.flatnonzero(~cont)
        last = np.append(breaks, len(labels))[np.searchsorted(breaks, first, side="right")]
        conf = np.minimum.reduceat(np.append(marginals, 0.0), np.stack([first, last]).T.ravel())[::2]
        names = self._type_names
        return [(spans[i][0], spans[j - 1][1], names[t], c, "model")
                for i, j, t, c in zip(first.tolist(), last.tolist(), types[first].tolist(), conf.tolist())
                if names[t] in _TO_LABEL]

    def _spans_by_tags(self, spans: list[tuple[int, int]], lengths: list[int], labels: np.ndarray,
                       marginals: np.ndarray) -> list[Found]:
        """``_spans`` for any tag scheme ``nerdata.tag_spans`` reads, one run at a time."""
        tags = [self.weights.labels[i] for i in labels.tolist()]
        marg = marginals.tolist()
        found: list[Found] = []
        a = 0
        for n in lengths:
            for i, j, etype in tag_spans(tags[a:a + n]):
                found.append((spans[a + i][0], spans[a + j - 1][1], etype, min(marg[a + i:a + j]), "model"))
            a += n
        return found

    def tag_article(self, article: Article) -> list[Mention]:
        """Mentions of an article: the model's, plus its byline as a PERSON where the text has it.

        Ingestion finds the byline from the page layout (a name line before an agency credit),
        evidence the sentence-level model cannot see: a model span that is exactly the byline is
        relabelled PERSON (an unknown foreign name such as मिन्ह डुक can look like a place to it).
        """
        mentions = self(article.text)
        if article.byline:
            mentions = [replace(m, label="PERSON", how="rule") if m.text == article.byline and m.label != "PERSON"
                        else m for m in mentions]
            taken = nerrules.Occupancy([(m.start, m.end, m.label, m.confidence, m.how) for m in mentions])
            pos = article.text.find(article.byline)
            while pos >= 0:
                end = pos + len(article.byline)
                if taken.free(pos, end):
                    mentions.append(Mention(pos, end, article.byline, "PERSON", 0.9, "rule"))
                    taken.add(pos, end)
                pos = article.text.find(article.byline, end)
            mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def repair(self, text: str, found: list[Found], spans: list[tuple[int, int]] | None = None,
               tokens: tuple[np.ndarray, list[str]] | None = None) -> list[Found]:
        """Apply the span repairs and document passes of ``nerrules`` in order.

        ``spans`` are the text's tokens with hyphens split and ``tokens`` their scorer rows and
        folded forms (computed when not given).
        """
        found = _widen_hyphenated(text, found)
        found = nerrules.split_at_brackets(text, found)
        orgs = {text[s:e] for s, e, t, _, _ in found if t == "ORG"}
        found = nerrules.trim_event_heads(
            text, found, lambda name: name in orgs or "ORG" in self._known_types(name), self.event_heads)
        found = nerrules.add_parenthesised_acronyms(text, found)
        found = nerrules.add_latin_orgs(text, found, self.latin_org_heads)
        found = nerrules.add_place_before_place(
            text, found, lambda name: bool(self._gazetteer_types(name) & {"GPE", "LOC"}))
        if len(self.known):
            found = [self._known_type(text, f) for f in found]
            if spans is None:
                spans = list(iter_token_spans(text, split_hyphens=True))
            if tokens is None:
                rows = self.scorer.rows([text[a:b] for a, b in spans])
                tokens = (rows, self.scorer.folded(rows))
            found = nerrules.add_known_names(text, found, self.scorer.match(self.known, *tokens), spans)
        # variants first: the exact pass would tag a shared surname alone inside a variant
        found = nerrules.propagate_variants(text, found, phonetic_key)
        found = nerrules.propagate_word_variants(text, found, phonetic_key, skeleton_key)
        return nerrules.propagate(text, found)

    def _known_type(self, text: str, f: Found) -> Found:
        """A curated name keeps its curated type (``रूसी संघ`` is a country even if the model says ORG)."""
        if f[2] in ("PER", "ORG", "LOC"):
            types = self._known_types(text[f[0]:f[1]])
            if len(types) == 1:
                (etype,) = types
                if etype != f[2] and not (etype == "GPE" and f[2] == "LOC"):
                    return (f[0], f[1], etype, f[3], f[4])
        return f

    def _mention(self, text: str, s: int, e: int, etype: str, conf: float, how: str) -> Mention:
        """Build a Mention, refining LOC to GPE and NUM to MONEY where evidence allows."""
        label = _TO_LABEL[etype]
        surface = text[s:e]
        if etype == "LOC" and self._gazetteer_types(surface) & _GPE_TYPES:
            label = "GPE"
        elif etype == "NUM" and self._is_money(text, s, e):
            label = "MONEY"
        return Mention(s, e, surface, label, round(float(conf), 4), how)

    def _is_money(self, text: str, s: int, e: int) -> bool:
        """True when a currency word or sign is inside or right next to a number span."""
        words: list[str] = []
        for window, pick in ((text[max(0, s - 12):s], slice(-1, None)), (text[s:e], slice(None)),
                             (text[e:e + 24], slice(0, 2))):
            words += [window[a:b] for a, b in self._window_spans(window)][pick]
        return any(w in "₹$€£¥" or fold(w) in self.currencies for w in words)

    def _window_spans(self, window: str) -> tuple[tuple[int, int], ...]:
        """Token spans of a short text window, memoised (bounded): numbers and their neighbours repeat."""
        spans = self._windows.get(window)
        if spans is None:
            if len(self._windows) >= 100_000:
                self._windows.clear()
            spans = self._windows[window] = tuple(iter_token_spans(window))
        return spans


def apply_tagging_constants(weights: CrfWeights, meta: dict[str, Any], sign: float = 1.0) -> None:
    """Add ``meta``'s tagging-time constants to the bias weights (``sign`` -1 takes them off again).

    ``o_bias`` is a constant on label O at every token (chosen on tune); ``begin_bias`` maps an
    entity type to a constant on the labels that begin a name of it, B- and S- (chosen by
    cross-validation). CRFsuite never sees them: they live in ``meta.json``.
    """
    row = weights.state[weights.index["b"]]
    if meta.get("o_bias"):
        row[weights.labels.index("O")] += sign * meta["o_bias"]
    for etype, delta in meta.get("begin_bias", {}).items():
        for label in ("B-" + etype, "S-" + etype):
            if label in weights.labels:
                row[weights.labels.index(label)] += sign * delta


class _TypesMemo(dict):
    """``gazetteer.types_of``, memoised (bounded): each lookup re-tokenises its surface string."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Memoise lookups in ``gazetteer``."""
        super().__init__()
        self.gazetteer = gazetteer

    def __call__(self, surface: str) -> frozenset[str]:
        """The gazetteer types of a surface string (empty if unknown)."""
        types = self.get(surface)
        if types is None:
            if len(self) >= 100_000:
                self.clear()
            types = self[surface] = self.gazetteer.types_of(surface)
        return types


def _dot_ends_sentence(text: str, pos: int) -> bool:
    """Whether the full stop at ``text[pos]`` ends a sentence, by the rule of ``text.segment``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return segment.dot_ends_sentence(text[start:end if end >= 0 else len(text)], pos - start)


def _widen_hyphenated(text: str, found: list[Found]) -> list[Found]:
    """Widen PERSON/ORG spans to whole hyphen-joined words and merge the pieces they absorb."""
    if not any(f[2] in ("PER", "ORG") for f in found):
        return found
    out: list[Found] = []
    for s, e, etype, conf, how in found:
        if etype in ("PER", "ORG"):
            s, e = _whole_words(text, s, e)
            while out and out[-1][1] > s:
                ps, pe, pt, pc, _ = out.pop()  # pieces of the same hyphenated word
                s, e, conf = min(ps, s), max(pe, e), min(pc, conf)
        elif out and out[-1][1] > s:
            continue  # a piece already swallowed by a widened name
        out.append((s, e, etype, conf, how))
    return out


def _whole_words(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` widened to the unsplit tokens that cover its first and last character.

    No token holds whitespace and the tokenizer restarts after it, so the tokens between the
    whitespace around the span are those of the whole text there; only they are computed.
    """
    n = len(text)
    if (s == 0 or text[s - 1].isspace()) and (e == n or text[e].isspace()):
        return s, e  # whitespace on both sides: no token reaches over either end
    a, b = s, e
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < n and not text[b].isspace():
        b += 1
    coarse = [(a + x, a + y) for x, y in iter_token_spans(text[a:b])]
    starts = [c[0] for c in coarse]
    i = bisect.bisect_right(starts, s) - 1
    j = bisect.bisect_right(starts, e - 1) - 1
    start, end = s, e
    if i >= 0 and coarse[i][1] > s:
        start = coarse[i][0]
    if j >= 0 and coarse[j][1] > e:
        end = coarse[j][1]
    return start, end


__all__ = ["NerTagger", "NAME", "REQUIRES", "ASSIGNS", "fold"]
