"""Quotations and reported speech in Hindi news, with cue and speaker spans.

Constructions found (the words come from ``hi/quote_verbs.txt`` and ``hi/quote_cues.yaml``):

* ``X ने कहा, "…"`` — a verb of saying before the quotation; the speaker is the ergative subject
  before ने (Hindi marks the agent of a perfective transitive verb with ने), or a fused pronoun
  (उन्होंने). ``X कहते हैं, "…"`` — a present-tense verb after a plain subject.
* ``"…," X ने निष्कर्ष निकाला`` and ``"…"- X ने X पर पोस्ट किया`` — the cue after the quotation.
* ``X: "…"`` — the headline convention.
* A quotation of several sentences is one quote; a quotation with no cue of its own right after
  another one continues the same speaker (a paragraph that is all quotation).
* ``X ने कहा कि …`` (reported speech: the clause after कि), ``X का कहना है कि …`` (a genitive
  subject), ``X के अनुसार, …`` (a source), and ``…, X ने बताया।`` (attribution at the end).
* Short quoted words with no cue right next to them are scare quotes or titles, not speech.

The speaker span is read leftwards from ने up to a word that cannot be inside a name (a
postposition, participle or conjunction: ``hi/quote_cues.yaml`` ``speaker_stops``), so "बोलते हुए
तोकायेव ने कहा" gives "तोकायेव" and "कज़ाकिस्तान के राष्ट्रपति के अनुसार" gives "कज़ाकिस्तान के
राष्ट्रपति". A third-person pronoun speaker (उन्होंने, उनका, वह) resolves to the nearest named
speaker or ने-subject before it, outside quotations.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Sequence

from ghatna.extract.quote_lexicon import quote_cues
from ghatna.text.normalize import devanagari_key
from ghatna.text.segment import paragraph_spans, quotation_spans, split_sentences
from ghatna.text.tokenize import token_keys, token_tuple
from ghatna.types import QuoteSpan, Sentence, Span, Token

_TERMINAL = "।॥?!."
_MAX_SPEAKER_TOKENS = 10
_MIN_EMBEDDED_WORDS = 6  # a shorter quoted phrase away from its cue is part of a sentence
_MAX_CUE_GAP = 2  # words between ने and the verb that still belong to the cue
_WORDS = re.compile(r"[^\W_]|[\u0900-\u0963\u0966-\u097F]")


@dataclass(frozen=True, slots=True)
class _Cue:
    """A cue found next to a quotation: its span, the speaker span, and whether it touches the quote."""

    cue: Span
    speaker: Span | None
    tight: bool = False


class _Doc:
    """The text with its tokens, sentences, paragraphs and quotation marks, for lookups by offset."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        self.text = text
        self.cues = quote_cues()
        # the tokens and keys the other stages of this article use too (immutable, see text.tokenize)
        self.tokens: Sequence[Token] = token_tuple(text)
        self.keys = token_keys(text)
        self.token_starts = [t.start for t in self.tokens]
        self.sentences = list(sentences)
        self.sentence_starts = [s.start for s in self.sentences]
        self.paragraphs = paragraph_spans(text)
        self.paragraph_starts = [p.start for p in self.paragraphs]
        self.regions = quotation_spans(text)

    def span(self, start: int, end: int) -> Span:
        """A span of the text."""
        return Span(start, end, self.text[start:end])

    def fold(self, token: Token) -> str:
        """Lookup key of a token."""
        return devanagari_key(token.text)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens lying inside ``[start, end)``."""
        i = bisect.bisect_left(self.token_starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(self.tokens[i])
            i += 1
        return out

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence containing offset ``pos``."""
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def paragraph_of(self, pos: int) -> int:
        """Index of the paragraph containing (or before) ``pos``."""
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def in_region(self, pos: int) -> bool:
        """True when ``pos`` lies inside a quotation (marks included)."""
        return any(r.start <= pos < r.end for r in self.regions)

    def barrier(self, start: int, pos: int) -> int:
        """``start`` moved past any quotation that closes between it and ``pos``."""
        for r in self.regions:
            if start < r.end <= pos:
                start = r.end
        return start


def _word_count(text: str) -> int:
    """Number of words (runs holding a letter or digit)."""
    return sum(1 for w in text.split() if _WORDS.search(w))


def _is_punct(token: Token) -> bool:
    """True for punctuation tokens."""
    return token.script == "Punct" or not _WORDS.search(token.text)


def _noun_phrase_before(doc: _Doc, pos: int, limit: int) -> Span | None:
    """The speaker phrase that ends at ``pos``, read leftwards and stopped by ``speaker_stops``."""
    cues = doc.cues
    toks = doc.tokens_in(limit, pos)
    taken: list[Token] = []
    i = len(toks) - 1
    while i >= 0 and len(taken) < _MAX_SPEAKER_TOKENS:
        tok = toks[i]
        if tok.text == ")":
            j = i - 1
            while j >= 0 and toks[j].text != "(" and i - j <= 6:
                j -= 1
            if j < 0 or toks[j].text != "(":
                break
            taken.extend(reversed(toks[j:i + 1]))
            i = j - 1
            continue
        if _is_punct(tok):
            break
        word = doc.fold(tok)
        if word in cues.stops:
            break
        if word in cues.joiners or word in cues.genitives:
            left = toks[i - 1] if i > 0 else None
            if left is None or _is_punct(left) or doc.fold(left) in cues.not_left:
                break
        taken.append(tok)
        i -= 1
    taken.reverse()
    while taken and (doc.fold(taken[0]) in cues.joiners_genitives or taken[0].text == "("):
        taken.pop(0)
    if not taken or all(_is_punct(t) for t in taken):
        return None
    return doc.span(taken[0].start, taken[-1].end)


def _skip_adverbs_left(doc: _Doc, pos: int, limit: int) -> int:
    """Move ``pos`` left past adverbs that may sit between a subject and its verb ("आगे", "भी")."""
    moved = True
    while moved:
        moved = False
        toks = doc.tokens_in(limit, pos)
        words = [doc.fold(t) for t in toks]
        for adverb in doc.cues.adverbs:
            if len(adverb) <= len(words) and tuple(words[-len(adverb):]) == adverb:
                pos = toks[-len(adverb)].start
                moved = True
                break
    return pos


def _agent_before(doc: _Doc, verb_start: int, limit: int) -> tuple[Span | None, Token | None]:
    """The subject of a verb of saying: the phrase before the nearest ने, a fused pronoun, or a plain subject."""
    cues = doc.cues
    toks = doc.tokens_in(limit, verb_start)
    for tok in reversed(toks):
        if doc.in_region(tok.start):
            continue  # 'रूस ने प्रतिबंधों को "गैरकानूनी" बताते हुए कहा': look past quoted words
        word = doc.fold(tok)
        if word in cues.ergatives:
            return _noun_phrase_before(doc, tok.start, limit), tok
        if word in cues.agent_pronouns:
            return doc.span(tok.start, tok.end), tok
    return _noun_phrase_before(doc, _skip_adverbs_left(doc, verb_start, limit), limit), None


def _genitive_speaker(doc: _Doc, phrase_start: int, limit: int) -> Span | None:
    """The subject of "X का कहना है": a genitive pronoun, or the phrase before का/की/के."""
    toks = doc.tokens_in(limit, phrase_start)
    if not toks:
        return None
    word = doc.fold(toks[-1])
    if word in doc.cues.genitive_pronouns:
        return doc.span(toks[-1].start, toks[-1].end)
    if word in doc.cues.genitives:
        return _noun_phrase_before(doc, toks[-1].start, limit)
    return None


def _verb_cue(doc: _Doc, m: re.Match[str], limit: int) -> _Cue:
    """Cue and speaker for a verb of saying at ``m``; the cue takes in an adjacent ने."""
    speaker, ne = _agent_before(doc, m.start(), limit)
    start = m.start()
    if ne is not None and doc.fold(ne) in quote_cues().ergatives:
        gap = doc.tokens_in(ne.end, m.start())
        if len(gap) <= _MAX_CUE_GAP and not any(_is_punct(t) for t in gap):
            start = ne.start  # "ने कहा", "ने यह भी जोड़ा", "ने X पर पोस्ट किया"
    return _Cue(doc.span(start, m.end()), speaker)


def _last_cue_before(doc: _Doc, limit: int, pos: int) -> _Cue | None:
    """The last cue between ``limit`` and an opening quotation mark at ``pos``."""
    window = doc.text[limit:pos]
    found: list[tuple[int, _Cue]] = []
    for m in doc.cues.verbs.finditer(doc.text, limit, pos):
        found.append((m.end(), _verb_cue(doc, m, limit)))
    for m in doc.cues.genitive_phrases.finditer(doc.text, limit, pos):
        found.append((m.end(), _Cue(doc.span(m.start(), m.end()), _genitive_speaker(doc, m.start(), limit))))
    for m in doc.cues.sources.finditer(doc.text, limit, pos):
        found.append((m.end(), _Cue(doc.span(m.start(), m.end()), _noun_phrase_before(doc, m.start(), limit))))
    colon = re.fullmatch(r"(.*?\S)\s*:\s*", window, re.DOTALL)
    if colon is not None and not found and _word_count(colon.group(1)) <= 5:
        speaker = _noun_phrase_before(doc, limit + len(colon.group(1)), limit)
        if speaker is not None and speaker.start == limit + len(window) - len(window.lstrip()):
            c = limit + window.index(":", len(colon.group(1)))
            found.append((c + 1, _Cue(doc.span(c, c + 1), speaker)))
    if not found:
        return None
    end, cue = max(found, key=lambda f: f[0])
    gap = [devanagari_key(w) for w in re.findall(r"[^\s,:;\-–—]+", doc.text[end:pos])]
    return replace(cue, tight=all(w in doc.cues.complementizers for w in gap))


def _cue_after(doc: _Doc, pos: int) -> _Cue | None:
    """A cue right after a closing mark: `", X ने निष्कर्ष निकाला।`, `"- X ने X पर पोस्ट किया।`."""
    text = doc.text
    para = doc.paragraphs[doc.paragraph_of(max(0, pos - 1))]
    end = pos
    while end < para.end and text[end] not in _TERMINAL + "\"“”«»":
        end += 1
    if _word_count(text[pos:end]) > 15 or (end < para.end and text[end] in "\"“«"):
        return None  # too long for an attribution, or the cue of the next quotation
    m = None
    for m in doc.cues.verbs.finditer(text, pos, end):
        pass
    if m is None or text[m.end():end].strip(" ,") or doc.in_region(m.start()):
        return None
    start = pos
    while start < end and text[start] in " ,:-–—":
        start += 1
    cue = _verb_cue(doc, m, start)
    return cue if cue.speaker is not None else None


def _content(doc: _Doc, region: Span) -> Span | None:
    """The quoted words inside a quotation's marks, trimmed of spaces and a trailing comma."""
    text = doc.text
    start = region.start + 1
    end = region.end - 1 if text[region.end - 1] in "\"”»’" and region.end - 1 > region.start else region.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return doc.span(start, end) if end > start else None


def _direct(doc: _Doc) -> list[QuoteSpan]:
    """Direct quotations with their cues (before, after, or none for a continuation)."""
    out: list[QuoteSpan] = []
    last_end = 0
    for region in doc.regions:
        content = _content(doc, region)
        if content is None:
            continue
        sentence = doc.sentence_at(region.start)
        limit = max(sentence.start if sentence else doc.paragraphs[doc.paragraph_of(region.start)].start, last_end)
        last_end = region.end
        before = _last_cue_before(doc, limit, region.start)
        after = _cue_after(doc, region.end)
        cue = before if before is not None and (before.tight or after is None) else after
        words = _word_count(content.text)
        final = content.text.rstrip("\"”’'")[-1:] in _TERMINAL
        if cue is None:
            prev = out[-1] if out else None
            starts_clause = not doc.text[limit:region.start].strip(" -–—")
            near = prev is not None and doc.paragraph_of(region.start) - doc.paragraph_of(prev.start) <= 1
            if not (words >= 3 and starts_clause and near) and not (words >= 8 or (final and words >= 3)):
                continue
            out.append(QuoteSpan(content.start, content.end, content.text, True))
            continue
        if not cue.tight and not final and words < _MIN_EMBEDDED_WORDS:
            continue  # 'बातचीत "मैत्रीपूर्ण माहौल" में हुई': a phrase inside reported speech, left to it
        if words < 3 and not (cue.tight and final):
            continue
        out.append(QuoteSpan(content.start, content.end, content.text, True, cue.cue, cue.speaker))
    return out


def _clause_end(doc: _Doc, sentence: Sentence) -> int:
    """End of a sentence without its final punctuation and closing marks."""
    end = sentence.end
    while end > sentence.start and (doc.text[end - 1] in _TERMINAL + "\"”’' |" or doc.text[end - 1].isspace()):
        end -= 1
    return end


def _trimmed(doc: _Doc, start: int, end: int) -> Span | None:
    """``[start, end)`` without surrounding spaces and commas; None if it holds fewer than 3 words."""
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in ",:;-–—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;-–—"):
        end -= 1
    return doc.span(start, end) if _word_count(text[start:end]) >= 3 else None


def _reported_that(doc: _Doc, sentence: Sentence, taken: list[QuoteSpan]) -> QuoteSpan | None:
    """"X ने कहा कि …", "X का कहना है कि …": the clause after कि."""
    for pattern, genitive in ((doc.cues.verbs, False), (doc.cues.genitive_phrases, True)):
        for m in pattern.finditer(doc.text, sentence.start, sentence.end):
            if doc.in_region(m.start()):
                continue
            follow = doc.cues.follow.match(doc.text, m.end(), sentence.end)
            if follow is None:
                continue
            clause = _trimmed(doc, follow.end(), _clause_end(doc, sentence))
            if clause is None or any(clause.start <= q.start < sentence.end for q in taken):
                return None
            limit = sentence.start
            if genitive:
                cue = _Cue(doc.span(m.start(), m.end()), _genitive_speaker(doc, m.start(), limit))
            else:
                cue = _verb_cue(doc, m, limit)
            return QuoteSpan(clause.start, clause.end, clause.text, False, cue.cue, cue.speaker)
    return None


def _according_to(doc: _Doc, sentence: Sentence) -> QuoteSpan | None:
    """"X के अनुसार, …": the rest of the sentence (or what comes before X when nothing follows)."""
    for m in doc.cues.sources.finditer(doc.text, sentence.start, sentence.end):
        if doc.in_region(m.start()):
            continue
        before = doc.text[sentence.start:m.start()]
        if before.count("(") > before.count(")"):
            continue  # "(TASS, काज़िनफॉर्म के अनुसार)": an agency credit, not a statement
        speaker = _noun_phrase_before(doc, m.start(), sentence.start)
        if speaker is None:
            continue
        clause = _trimmed(doc, m.end(), _clause_end(doc, sentence)) or _trimmed(doc, sentence.start, speaker.start)
        if clause is not None:
            return QuoteSpan(clause.start, clause.end, clause.text, False, doc.span(m.start(), m.end()), speaker)
    return None


def _said_at_end(doc: _Doc, sentence: Sentence) -> QuoteSpan | None:
    """"…, विदेश मंत्रालय (एमईए) ने बताया।": a statement whose attribution closes the sentence."""
    end = _clause_end(doc, sentence)
    m = None
    for m in doc.cues.verbs.finditer(doc.text, sentence.start, end):
        pass
    if m is None or doc.text[m.end():end].strip():
        return None
    cue = _verb_cue(doc, m, sentence.start)
    if cue.speaker is None:
        return None
    comma = doc.text[sentence.start:cue.speaker.start].rstrip()
    if not comma.endswith(","):
        return None
    clause = _trimmed(doc, sentence.start, sentence.start + len(comma) - 1)
    if clause is None:
        return None
    return QuoteSpan(clause.start, clause.end, clause.text, False, cue.cue, cue.speaker)


def _indirect(doc: _Doc, direct: list[QuoteSpan]) -> list[QuoteSpan]:
    """Reported speech, at most one statement per sentence, where no direct quotation covers it."""
    out = []
    # each reading needs a cue word matched inside the sentence, which the lead also matches there:
    # one lead scan of the text tells which sentences can hold one (instead of four scans of each)
    cue_starts = [m.start() for m in doc.cues.lead.finditer(doc.text)]
    for sentence in doc.sentences:
        if any(q.start < sentence.end and sentence.start < q.end for q in direct):
            continue
        i = bisect.bisect_left(cue_starts, sentence.start)
        if i == len(cue_starts) or cue_starts[i] >= sentence.end:
            continue
        found = _reported_that(doc, sentence, direct) or _according_to(doc, sentence) or _said_at_end(doc, sentence)
        if found is not None:
            out.append(found)
    return out


def _agents(doc: _Doc) -> list[Span]:
    """Every named ने-subject outside quotations: antecedents for pronoun speakers."""
    out = []
    ergatives = quote_cues().ergatives
    for tok, key in zip(doc.tokens, doc.keys):
        if key in ergatives and not doc.in_region(tok.start):
            sentence = doc.sentence_at(tok.start)
            limit = doc.barrier(sentence.start if sentence else 0, tok.start)
            np = _noun_phrase_before(doc, tok.start, limit)
            if np is not None:
                out.append(np)
    return out


def _resolve(doc: _Doc, quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    """Fill ``resolved``: names stand for themselves, pronouns and continuations take the previous speaker."""
    third = doc.cues.third_person
    pronoun = lambda s: devanagari_key(s.text) in third  # noqa: E731
    named = [s for s in _agents(doc) if not pronoun(s)]
    named += [q.speaker for q in quotes if q.speaker is not None and not pronoun(q.speaker)
              and devanagari_key(q.speaker.text) not in doc.cues.agent_pronouns | doc.cues.genitive_pronouns]
    named.sort(key=lambda s: s.start)
    starts = [s.start for s in named]
    out: list[QuoteSpan] = []
    for q in quotes:
        if q.speaker is None:
            # a quotation that opens its sentence right after another one goes on in the same voice
            prev = out[-1] if out else None
            near = prev is not None and doc.paragraph_of(q.start) - doc.paragraph_of(prev.start) <= 1
            sentence = doc.sentence_at(q.start)
            opens = sentence is not None and not doc.text[sentence.start:q.start].strip(" \"“«‘-–—")
            out.append(replace(q, resolved=prev.resolved if (near and opens and q.cue is None) else None))
        elif pronoun(q.speaker):
            i = bisect.bisect_left(starts, q.speaker.start) - 1
            while i >= 0 and doc.in_region(named[i].start):
                i -= 1
            out.append(replace(q, resolved=named[i] if i >= 0 else None))
        elif devanagari_key(q.speaker.text) in doc.cues.agent_pronouns | doc.cues.genitive_pronouns:
            out.append(q)  # मैंने / हमने outside a quotation: the writer, not a person in the story
        else:
            out.append(replace(q, resolved=q.speaker))
    return out


def load_resources() -> None:
    """Read the cue words and compile their patterns now (the stage calls it when built)."""
    quote_cues()


def find_quotes(text: str, sentences: Sequence[Sentence] | None = None) -> list[QuoteSpan]:
    """Find direct quotations and reported speech with cue, speaker and resolved speaker spans.

    Args:
        text: any string (normally ``Article.text``).
        sentences: the sentences of ``text`` (``text.segment.split_sentences``); split here if None.

    Returns:
        QuoteSpans in text order; every span satisfies ``text[s.start:s.end] == s.text``.

    Example:
        >>> q = find_quotes('राष्ट्रपति तोकायेव ने कहा, "समझौते लागू किए जा रहे हैं।"')[0]
        >>> q.text, q.cue.text, q.speaker.text
        ('समझौते लागू किए जा रहे हैं।', 'ने कहा', 'राष्ट्रपति तोकायेव')
    """
    doc = _Doc(text, split_sentences(text) if sentences is None else sentences)
    direct = _direct(doc)
    quotes = sorted(direct + _indirect(doc, direct), key=lambda q: q.start)
    return _resolve(doc, quotes)
