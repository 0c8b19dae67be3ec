"""Event extraction units: the lexicon's integrity, the record, the API on hand-made mentions, merging.

Sentence-level behaviour is covered by the case corpus (test_events_corpus.py); these tests pin the
pieces that corpus cannot isolate.
"""

from __future__ import annotations

from collections import Counter

import pytest

from ghatna.errors import ResourceError
from ghatna.extract.event_lexicon import PLOVER_TYPES, WordSeqs, event_lexicon
from ghatna.extract.event_merge import Candidate, same_happening
from ghatna.extract.events import find_events
from ghatna.resources.loader import read_yaml
from ghatna.text.normalize import devanagari_key
from ghatna.text.segment import split_sentences
from ghatna.types import DateValue, Event, Mention, QuoteSpan, Span

DAY = DateValue("2024-06-25", "day")


def test_lexicon_has_every_plover_category_with_its_modes() -> None:
    data = read_yaml("hi/event_triggers.yaml")
    assert list(data["types"]) == list(PLOVER_TYPES)
    lex = event_lexicon()
    assert lex.quads == {t: q for t, q in zip(PLOVER_TYPES, [1] * 4 + [2] * 3 + [3] * 4 + [4] * 5)}
    for t, spec in data["types"].items():
        assert len(spec["triggers"]) >= 3, t
        for mode, _ in lex.mode_cues.get(t, ()):
            assert mode in spec["modes"], (t, mode)


def test_lexicon_phrases_are_unique_and_folded() -> None:
    data = read_yaml("hi/event_triggers.yaml")
    seen: Counter[str] = Counter()
    for spec in data["types"].values():
        for trig in spec["triggers"]:
            seen[devanagari_key(trig["t"])] += 1
    assert [p for p, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("words,expected", [
    ("हवाई हमला किया", ("ASSAULT", "aerial")),
    ("साइबर हमला किया", ("COERCE", "cyber")),       # the longer trigger wins
    ("फ़ोन पर बातचीत हुई", ("CONSULT", "phone")),  # nukta folded
    ("पीछे नहीं हटेगा", ("RETREAT", "withdraw")),  # a negation inside the trigger
    ("संवाददाता सम्मेलन में", None),                # names no event
])
def test_lexicon_matches_longest_trigger(words, expected) -> None:
    lex = event_lexicon()
    found = lex.match([devanagari_key(w) for w in words.split()])
    assert ((found[0].entry.event_type, found[0].entry.mode) if found else None) == expected


def _mentions(text: str, *names: tuple[str, str, str]) -> list[Mention]:
    out = []
    for surface, label, eid in names:
        start = text.index(surface)
        out.append(Mention(start, start + len(surface), surface, label, entity_id=eid))
    return out


def test_find_events_visit_with_date_place_spans_and_record_shape() -> None:
    text = "रूसी विदेश मंत्री सर्गेई लावरोव 20 मई को कजाकिस्तान की राजधानी अस्ताना पहुंचे।"
    ms = _mentions(text, ("सर्गेई लावरोव", "PERSON", "L"), ("कजाकिस्तान", "GPE", "K"), ("अस्ताना", "GPE", "A"))
    from ghatna.extract.dates import find_dates

    [e] = find_events(text, split_sentences(text), ms, find_dates(text, DAY), (), DAY)
    assert (e.event_type, e.mode, e.actor, e.recipient, e.location) == ("CONSULT", "visit", ("L",), ("K",), "A")
    assert (e.date.value, e.date.kind, e.status, e.quad_code) == ("2024-05-20", "relative", "occurred", 1)
    for span in (e.trigger, e.evidence, *e.actor_text, *e.recipient_text):
        assert text[span.start:span.end] == span.text
    d = e.to_dict()
    assert list(d)[:11] == ["event_type", "mode", "context", "actor", "recipient", "date", "location", "status",
                            "trigger", "evidence", "confidence"]
    assert Event.from_dict(d) == e


def test_find_events_future_consult_is_agree_without_a_date() -> None:
    text = "मोदी अगले महीने पुतिन से मिलेंगे।"
    ms = _mentions(text, ("मोदी", "PERSON", "M"), ("पुतिन", "PERSON", "P"))
    [e] = find_events(text, split_sentences(text), ms, (), (), DAY)
    assert (e.event_type, e.status, e.context, e.date) == ("AGREE", "future", ("future",), None)


def test_find_events_first_person_in_a_quote_is_the_speaker() -> None:
    text = 'मोदी ने कहा, "मैंने पुतिन से फोन पर बात की।"'
    ms = _mentions(text, ("मोदी", "PERSON", "M"), ("पुतिन", "PERSON", "P"))
    start = text.index("मैंने")
    quote = QuoteSpan(start, len(text) - 1, text[start:-1], True, Span(5, 11, "ने कहा"), Span(0, 4, "मोदी"),
                      Span(0, 4, "मोदी"))
    [e] = find_events(text, split_sentences(text), ms, (), [quote], DAY)
    assert (e.event_type, e.mode, e.actor, e.recipient) == ("CONSULT", "phone", ("M",), ("P",))


def test_find_events_no_named_actor_no_event() -> None:
    text = "किसानों ने दिल्ली में प्रदर्शन किया।"
    ms = _mentions(text, ("दिल्ली", "GPE", "D"))
    assert find_events(text, split_sentences(text), ms, (), (), DAY) == []


def test_find_events_min_confidence_drops_weak_events() -> None:
    text = "भारत ने रूस की निंदा की।"
    ms = _mentions(text, ("भारत", "GPE", "I"), ("रूस", "GPE", "R"))
    assert len(find_events(text, split_sentences(text), ms, (), (), DAY)) == 1
    assert find_events(text, split_sentences(text), ms, (), (), DAY, min_confidence=0.99) == []


def _cand(actors, recipients, value=None, own=True, symmetric=False, mode=None) -> Candidate:
    span = Span(0, 1, "x")
    return Candidate(None, None, "CONSULT", mode, actors, recipients, None, "occurred",
                     DateValue(value, "day") if value else None, own, 0.8, span, span, symmetric=symmetric)


@pytest.mark.parametrize("a,b,same", [
    (_cand(["M", "T"], [], symmetric=True), _cand(["M"], ["T"], symmetric=True), True),   # no host: both actors
    (_cand(["M"], ["T"], "2024-06-24"), _cand(["M"], ["T"], "2024-06-25"), False),        # two days
    (_cand(["M"], ["T"], "2024-06-24"), _cand(["M"], ["T"], "2024-06-25", own=False), True),  # article date only
    (_cand(["M"], ["T"], "2024-06"), _cand(["M"], ["T"], "2024-06-24"), True),            # month holds the day
    (_cand(["M"], ["T"]), _cand(["T"], ["M"]), False),                                     # direction matters
    (_cand(["M"], ["T"], mode="phone"), _cand(["M"], ["T"], mode="visit"), False),        # phone is no visit
])
def test_same_happening(a, b, same) -> None:
    assert same_happening(a, b) is same


# --- indexes: the same answers as a scan of every sequence ------------------------------------------

_KEYS = [devanagari_key(w) for w in
         "भारत के साथ रूस के खिलाफ और चीन की ओर से के विदेश मंत्रालय के प्रवक्ता ने आगामी होने वाली बैठक में के बीच".split()]


def _scan_marker(words: list[str], i: int) -> tuple[str, int] | None:
    for seq, name in event_lexicon().markers:
        if tuple(words[i:i + len(seq)]) == seq:
            return name, len(seq)
    return None


def test_marker_index_agrees_with_a_scan_of_every_marker() -> None:
    lex = event_lexicon()
    words = _KEYS + [w for seq, _ in lex.markers for w in seq]
    found = [lex.marker_at(words, i) for i in range(len(words) + 2)]
    assert found == [_scan_marker(words, i) for i in range(len(words) + 2)]
    assert ("com", 2) in found and ("agt", 3) in found and ("erg", 1) in found


def test_starts_with_index_agrees_with_a_plain_tuple() -> None:
    lex = event_lexicon()
    for phrases in (lex.institution_heads, lex.future_modifiers, lex.host_participles, lex.nonfinite_after):
        assert isinstance(phrases, WordSeqs)
        words = _KEYS + [w for p in phrases for w in p]
        got = [lex.starts_with(words, i, phrases) for i in range(len(words) + 1)]
        assert got == [lex.starts_with(words, i, tuple(phrases)) for i in range(len(words) + 1)]
        assert max(got) == max(len(p) for p in phrases)


def test_word_seqs_index_by_first_word_and_refuse_an_empty_sequence() -> None:
    seqs = WordSeqs([("a", "b"), ("c",), ("a",)])
    assert seqs == (("a", "b"), ("c",), ("a",))
    assert seqs.starting_at(["x", "a"], 1) == (("a", "b"), ("a",))
    assert seqs.starting_at(["x", "a"], 2) == () and seqs.starting_at(["a"], -1) == ()
    with pytest.raises(ResourceError):
        WordSeqs([("a",), ()])


def test_doc_lookups_agree_with_scans() -> None:
    from ghatna.extract.event_doc import build_doc

    t = "मोदी ने पुतिन से मुलाकात की। उन्होंने कहा कि भारत और रूस मिलकर काम करेंगे।"
    ms = [Mention(0, 4, "मोदी", "PERSON", entity_id="Q1058"), Mention(8, 13, "पुतिन", "PERSON", entity_id="Q7747"),
          Mention(t.index("भारत"), t.index("भारत") + 4, "भारत", "GPE", entity_id="Q668"),
          Mention(t.index("रूस"), t.index("रूस") + 3, "रूस", "GPE", entity_id="Q159")]
    doc = build_doc(t, split_sentences(t), ms, event_lexicon())
    n = len(doc.words)
    assert len(doc.phrases) >= 3
    for first in range(n + 1):
        for end in range(first, n + 2):
            assert doc.phrases_in(first, end) == [p for p in doc.phrases if first <= p.first < end]
    for w in range(n):
        assert doc.sentence_of(w) == max(i for i, s in enumerate(doc.sentences) if s[0] <= w or i == 0)
    first, end, _ = doc.sentences[1]
    assert doc.clauses(first, end) is doc.clauses(first, end) and len(doc.clauses(first, end)) == 2


def test_load_resources_read_the_lexicons() -> None:
    from ghatna.extract import events, facts, quote_lexicon, quotes

    for module in (events, facts, quotes):
        module.load_resources()
    assert event_lexicon.cache_info().currsize == 1
    assert facts._cues.cache_info().currsize == 1 and facts._offices.cache_info().currsize == 1
    assert quote_lexicon.quote_cues.cache_info().currsize == 1
