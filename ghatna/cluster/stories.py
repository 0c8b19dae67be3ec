"""Stories: articles about one happening, in different words and from different publishers.

Articles are taken in publication order and each joins the most similar story that is still open
(its last article at most ``window_days`` before), or starts a new one: single-pass clustering
against story centroids, as streaming news clusterers do (cf. Miranda et al., "Multilingual
Clustering of Streaming News", EMNLP 2018). Similarity combines three views of an article:

* words: TF-IDF over content words, each keyed with ``devanagari_key`` so that spelling variants
  count as one word; closed-class words and the most frequent news words are left out;
* entities: the linked entity ids, weighted by how rare they are in the corpus (भारत says little,
  कासिम-जोमार्ट टोकायेव a lot);
* event signatures: PLOVER type plus participants ("CONSULT|Q1,Q2"), which tell a meeting from a
  phone call between the same two leaders.

Two stories with the same actors stay apart when their words and events differ; one story told
twice in other words joins because shared rare entities, the same event and shared content words
add up. Near-duplicates (``ingest.dedup``) are clustered once, through their representative, and
their other copies follow it. Candidate stories come from an inverted index over entities, events
and each article's most specific words, capped per key, so the cost per article does not grow
with the corpus.

Example:
    >>> docs = [StoryDoc("a", "2024-07-04", "जयशंकर तोकायेव अस्ताना मुलाकात ऊर्जा", entities=(("Q1", 2), ("Q2", 1))),
    ...         StoryDoc("b", "2024-07-05", "तोकायेव जयशंकर मुलाकात अस्ताना संपर्क", entities=(("Q1", 1), ("Q2", 2))),
    ...         StoryDoc("c", "2024-09-01", "क्रिकेट टीम जीत मैदान", entities=(("Q9", 1),))]
    >>> [(s.title, [m.article_id for m in s.members]) for s in cluster_stories(docs)]
    [(None, ['a', 'b']), (None, ['c'])]
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from ghatna.cluster.daterange import DayRange, day_range, days_apart, to_iso, widen
from ghatna.resources.loader import read_lines, read_tsv
from ghatna.text.normalize import devanagari_key
from ghatna.text.tokenize import iter_token_spans
from ghatna.types import Story, StoryMember

#: words this frequent in ``hi/wordfreq.tsv`` (a Hindi news-like corpus) are grammar, not topic
COMMON_WORD_COUNT = 250


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """What story clustering needs of one article.

    ``entities``: ``(entity id, mentions)``; ``events``: event signatures (:func:`event_signature`);
    ``duplicate_of``: the representative of the article's near-duplicate group, if any. ``words``:
    the content words as :meth:`Vocabulary.encode` gives them, so that a large corpus need not
    keep its texts in memory; when None they are made from ``text`` (with the run's vocabulary).
    """

    id: str
    date: str | None
    text: str
    title: str | None = None
    publisher: str | None = None
    entities: tuple[tuple[str, int], ...] = ()
    events: tuple[str, ...] = ()
    duplicate_of: str | None = None
    words: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True, slots=True)
class StoryParams:
    """How stories are formed.

    ``threshold``: smallest similarity for an article to join a story. ``window_days``: a story
    takes no article published more than this many days after its last one. ``weights``: of the
    word, entity and event similarities (each a cosine or overlap in [0, 1]); a view neither side
    has is left out and the others re-weighted. ``max_terms``: content words kept per article.
    ``block_terms``: most specific words used to look up candidate stories. ``max_candidates``:
    stories scored per article. ``max_key_df``: an entity in more than this share of the articles
    (e.g. भारत) is not used to look up candidates (it still counts in the similarity).
    """

    threshold: float = 0.3
    window_days: int = 3
    weights: tuple[float, float, float] = (0.45, 0.35, 0.2)
    max_terms: int = 60
    block_terms: int = 8
    max_candidates: int = 40
    max_key_df: float = 0.02
    key_scan: int = 200


def event_signature(event_type: str, actor: Iterable[str], recipient: Iterable[str]) -> str:
    """Return the signature of an event for story matching: type and participants, direction ignored.

    Example:
        >>> event_signature("CONSULT", ["Q2"], ["Q1"])
        'CONSULT|Q1,Q2'
    """
    return f"{event_type}|{','.join(sorted(set(actor) | set(recipient)))}"


class Vocabulary:
    """Turns texts into content-word counts, each word an int id; stop words come from packaged lists.

    One instance per run: it remembers the key of every word form it saw and the id of every key
    (the memory lives here, not in the module).

    Example:
        >>> v = Vocabulary()
        >>> ids, counts = v.encode("कज़ाख़स्तान और कजाखस्तान के बीच 2024 में")
        >>> [v.words[i] for i in ids], counts.tolist()
        (['कजाखस्तान'], [2])
    """

    def __init__(self) -> None:
        """Load the closed-class words and the most frequent news words (keyed) as stop words."""
        stop = {devanagari_key(w) for w in read_lines("hi/function_words.txt")}
        stop |= {devanagari_key(r["word"]) for r in read_tsv("hi/wordfreq.tsv")
                 if int(r["count"]) >= COMMON_WORD_COUNT}
        self.stop = frozenset(stop)
        self._ids: dict[str, int] = {}
        self._forms: dict[str, str] = {}
        self.words: list[str] = []

    def _id(self, key: str) -> int:
        """Return the id of a word key (``devanagari_key`` of a token); -1 for stop words and numbers."""
        wid = self._ids.get(key)
        if wid is None:
            wid = -1
            # letters only: figures differ between reports of one story and match across stories
            if len(key) > 1 and unicodedata.category(key[0])[0] in "LM" and key not in self.stop:
                wid = len(self.words)
                self.words.append(key)
            self._ids[key] = wid
        return wid

    def encode_keys(self, keys: Iterable[str], max_words: int = 150) -> tuple[np.ndarray, np.ndarray]:
        """Return (word ids, counts) of already keyed words, the ``max_words`` most frequent.

        Compact (about 6 bytes a word) so that a corpus of 100 000 articles fits in memory.
        """
        counts: Counter[int] = Counter()
        for key in keys:
            wid = self._id(key)
            if wid >= 0:
                counts[wid] += 1
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_words]
        return (np.fromiter((k for k, _ in top), dtype=np.uint32, count=len(top)),
                np.fromiter((min(v, 65535) for _, v in top), dtype=np.uint16, count=len(top)))

    def encode(self, text: str, max_words: int = 150) -> tuple[np.ndarray, np.ndarray]:
        """Return (word ids, counts) of ``text``'s content words, the ``max_words`` most frequent."""
        keys = self._forms
        out = []
        for s, e in iter_token_spans(text):
            piece = text[s:e]
            key = keys.get(piece)
            if key is None:
                key = keys[piece] = devanagari_key(piece)
            out.append(key)
        return self.encode_keys(out, max_words)


def _normalise(vec: dict[Any, float]) -> dict[Any, float]:
    """Scale a sparse vector to unit length (an empty one stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def _dot(a: dict[Any, float], b: dict[Any, float]) -> float:
    """Dot product of two sparse vectors (iterating the shorter)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


@dataclass
class _Doc:
    """An article ready for clustering: unit term and entity vectors, events, day range, lookup keys."""

    doc: StoryDoc
    terms: dict[int, float]
    ents: dict[str, float]
    events: frozenset[str]
    days: DayRange | None
    keys: list[str]


@dataclass
class _Open:
    """A story being built: summed member vectors (the centroid before normalising) and members.

    The vectors are dropped (``close``) once no later article can join, to bound memory.
    """

    seed: str
    days: DayRange | None
    terms: dict[int, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    members: list[StoryMember] = field(default_factory=list)
    ent_docs: Counter[str] = field(default_factory=Counter)
    unit_terms: dict[int, float] | None = None
    unit_ents: dict[str, float] | None = None

    def add(self, d: _Doc, score: float, how: str, cap: int) -> None:
        """Add an article's vectors and record it as a member."""
        for k, v in d.terms.items():
            self.terms[k] = self.terms.get(k, 0.0) + v
        if len(self.terms) > cap:  # keep the centroid's strongest words: bounded cost per comparison
            self.terms = dict(sorted(self.terms.items(), key=lambda kv: -kv[1])[:cap // 2])
        for k, v in d.ents.items():
            self.ents[k] = self.ents.get(k, 0.0) + v
        if len(self.ents) > cap:  # a long-running story keeps its main actors, not every name it met
            self.ents = dict(sorted(self.ents.items(), key=lambda kv: -kv[1])[:cap // 2])
        self.events |= d.events
        self.ent_docs.update(d.ents.keys())
        self.members.append(StoryMember(d.doc.id, round(score, 4), how))
        if d.days is not None:
            self.days = d.days if self.days is None else widen(self.days, d.days)
        self.unit_terms = self.unit_ents = None

    def centroid(self) -> tuple[dict[int, float], dict[str, float]]:
        """Return the unit term and entity centroids (cached until the next member)."""
        if self.unit_terms is None or self.unit_ents is None:
            self.unit_terms, self.unit_ents = _normalise(self.terms), _normalise(self.ents)
        return self.unit_terms, self.unit_ents

    def close(self) -> None:
        """Drop the vectors of a story no article can join any more."""
        self.terms, self.ents, self.events = {}, {}, set()
        self.unit_terms = self.unit_ents = None


def _similarity(d: _Doc, s: _Open, weights: tuple[float, float, float]) -> float:
    """Return the weighted similarity of an article to a story over the views both have."""
    terms, ents = s.centroid()
    parts = []
    if d.terms and terms:
        parts.append((weights[0], _dot(d.terms, terms)))
    if d.ents and ents:
        parts.append((weights[1], _dot(d.ents, ents)))
    if d.events and s.events:
        parts.append((weights[2], len(d.events & s.events) / len(d.events)))
    total = sum(w for w, _ in parts)
    return sum(w * v for w, v in parts) / total if total else 0.0


class _Corpus:
    """Document frequencies of words and entities over the articles clustered, and vector making."""

    def __init__(self, docs: Sequence[StoryDoc], params: StoryParams) -> None:
        """Encode texts that came without words and count document frequencies."""
        self.params = params
        vocab: Vocabulary | None = None
        self.words: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for d in docs:
            if d.words is None:
                vocab = vocab or Vocabulary()
                self.words[d.id] = vocab.encode(d.text)
            else:
                self.words[d.id] = d.words
        self.n = len(docs)
        ids = [w[0] for w in self.words.values() if len(w[0])]
        if ids:
            uniq, freq = np.unique(np.concatenate(ids), return_counts=True)
            self.df = dict(zip(uniq.tolist(), freq.tolist()))
        else:
            self.df = {}
        self.edf: Counter[str] = Counter()
        for d in docs:
            self.edf.update({e for e, _ in d.entities})
        self.max_key_df = max(2, int(params.max_key_df * self.n))

    def vectors(self, d: StoryDoc) -> _Doc:
        """Return the unit TF-IDF word vector, IDF-weighted entity vector and lookup keys of an article."""
        p, n, df = self.params, self.n, self.df
        ids, counts = self.words[d.id]
        tfidf = {k: (1 + math.log(v)) * math.log(1 + n / df[k]) for k, v in zip(ids.tolist(), counts.tolist())}
        top = sorted(tfidf.items(), key=lambda kv: (-kv[1], kv[0]))[:p.max_terms]
        terms = _normalise(dict(top))
        ents = _normalise({e: (1 + math.log(max(1, m))) * math.log(1 + n / self.edf[e]) for e, m in d.entities})
        keys = [f"e:{e}" for e in sorted(ents) if self.edf[e] <= self.max_key_df]
        keys += [f"v:{v}" for v in sorted(set(d.events))]
        keys += [f"w:{k}" for k, _ in top[:p.block_terms] if df[k] > 1]
        return _Doc(d, terms, ents, frozenset(d.events), day_range(d.date), keys)


def _story(o: _Open, docs: dict[str, StoryDoc]) -> Story:
    """Return the finished record of an open story."""
    seed = docs[o.seed]
    shared = [e for e, k in sorted(o.ent_docs.items(), key=lambda kv: (-kv[1], kv[0]))
              if k > 1 or len(o.members) == 1]
    return Story(
        id="st_" + hashlib.sha1(o.seed.encode("utf-8")).hexdigest()[:16],
        members=tuple(o.members),
        first_date=to_iso(o.days[0]) if o.days else None,
        last_date=to_iso(o.days[1]) if o.days else None,
        title=seed.title, entities=tuple(shared[:8]))


def cluster_stories(docs: Sequence[StoryDoc], params: StoryParams = StoryParams()) -> list[Story]:
    """Group articles into stories.

    Args:
        docs: every article to cluster; near-duplicates carry ``duplicate_of`` (their
            representative must be among ``docs``, else they are clustered on their own).
        params: threshold, time window, weights and the lookup caps.

    Returns:
        Stories in the order they started (earliest first); every article is in exactly one,
        single-article stories included. Dated articles are taken first, by date then id; undated
        ones last, with no time window.
    """
    by_id = {d.id: d for d in docs}
    reps = [d for d in docs if not d.duplicate_of or d.duplicate_of not in by_id or d.duplicate_of == d.id]
    corpus = _Corpus(reps, params)
    order = sorted(reps, key=lambda d: (day_range(d.date) is None, day_range(d.date) or (0, 0), d.id))
    stories: list[_Open] = []
    story_of: dict[str, int] = {}
    index: dict[str, list[int]] = defaultdict(list)
    cap = params.max_terms * 4
    still_open: list[int] = []
    for n, doc in enumerate(order):
        p = corpus.vectors(doc)
        if p.days is not None and n % 256 == 0:  # free the vectors of stories that closed
            keep = []
            for i in still_open:
                s = stories[i]
                if s.days is not None and s.days[1] + params.window_days < p.days[0]:
                    s.close()
                else:
                    keep.append(i)
            still_open = keep
        hits: Counter[int] = Counter()
        for key in p.keys:
            posting = index.get(key)
            if not posting:
                continue
            if p.days is not None:  # drop stories that closed before this article (dates only grow)
                live = [i for i in posting if stories[i].days is None
                        or stories[i].days[1] + params.window_days >= p.days[0]]
                if len(live) != len(posting):
                    index[key] = posting = live
            for i in posting[-params.key_scan:]:
                hits[i] += 1
        best, best_score = -1, 0.0
        for i, _ in hits.most_common(params.max_candidates):
            s = stories[i]
            if p.days is not None and s.days is not None and days_apart(p.days, s.days) > params.window_days:
                continue
            score = _similarity(p, s, params.weights)
            if score > best_score or (score == best_score and best >= 0 and i < best):
                best, best_score = i, score
        if best >= 0 and best_score >= params.threshold:
            stories[best].add(p, best_score, "similar", cap)
            target = best
        else:
            target = len(stories)
            stories.append(_Open(p.doc.id, None))
            stories[target].add(p, 1.0, "seed", cap)
            still_open.append(target)
        story_of[p.doc.id] = target
        for key in p.keys:
            posting = index[key]
            if not posting or posting[-1] != target:
                posting.append(target)
    for d in docs:  # near-duplicates follow their representative
        if d.id not in story_of and d.duplicate_of in story_of:
            o = stories[story_of[d.duplicate_of]]
            o.members.append(StoryMember(d.id, 1.0, "duplicate"))
            days = day_range(d.date)
            if days is not None:
                o.days = days if o.days is None else widen(o.days, days)
    return [_story(o, by_id) for o in stories]


def story_of_articles(stories: Iterable[Story]) -> dict[str, str]:
    """Return article id -> story id."""
    return {m.article_id: s.id for s in stories for m in s.members}
