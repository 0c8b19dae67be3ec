"""PLOVER v2 events from Hindi news text: who did what to whom, when, where, and whether it happened.

Triggers come from the lexicon in ``hi/event_triggers.yaml`` (all 16 PLOVER categories); the
participants come from the clause around each trigger by its frame (``extract.event_frames``),
using the linker's entity mentions, pronouns resolved through the discourse and the speakers of
quotations (``extract.event_context``). Then, per PLOVER (``docs/plover.md``):

* status: negated (नहीं in the verb group), hypothetical (अगर, सकता, शायद …), future (the clause's
  tense from ``extract.tense``, or "आगामी", "होने वाली" before the noun), else occurred;
* future CONSULT, SUPPORT, COOPERATE and AID are coded AGREE, a future RETREAT is CONCEDE;
* a request's or threat's complement clause is its content, not another event;
* date: the date expression before the trigger in its sentence (Hindi puts time adverbials before
  the verb), else the article date for what has happened; location: the place in the clause;
* an event with no named actor is not coded; COOPERATE, AID and SANCTION need a recipient;
* one event per happening in an article: mentions of the same type, compatible participants and
  compatible dates merge, the clearest telling kept as evidence and the others as ``retold``.
"""

from __future__ import annotations

import bisect
from typing import Mapping, Sequence

from ghatna.extract.event_context import (QuoteRegion, absorb, event_markers, find_hosts, future_modified,
                                          make_trig, quote_regions, resolve_pronouns)
from ghatna.extract.event_doc import EventDoc, assign_markers, build_doc
from ghatna.extract.event_frames import Args, FrameReader, Trig
from ghatna.extract.event_lexicon import TriggerMatch, event_lexicon
from ghatna.extract.event_merge import Candidate, merge_candidates
from ghatna.extract.tense import clause_tense
from ghatna.text.normalize import devanagari_key
from ghatna.types import Caption, DateRef, DateValue, Event, Mention, QuoteSpan, Sentence, Span

NEEDS_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})
FUTURE_AS = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "RETREAT": "CONCEDE"}
SPEECH_ACTS = frozenset({"REQUEST", "THREATEN"})
THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations", "PROTEST": "restrict",
                "REJECT": "relations"}
HOW_CONFIDENCE = {"erg": 0.9, "between": 0.9, "agt": 0.85, "gen": 0.8, "nom": 0.75, "speaker": 0.7,
                  "we": 0.65, "inherit": 0.6}
_GRANULARITY = {"day": 3, "month": 2, "year": 1}


def load_resources() -> None:
    """Read and index the trigger lexicon and cue words now (the stage calls it when built)."""
    event_lexicon()


def find_events(text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                dates: Sequence[DateRef] = (), quotes: Sequence[QuoteSpan] = (),
                article_date: DateValue | None = None, *, countries: Mapping[str, str] | None = None,
                captions: Sequence[Caption] = (), min_confidence: float = 0.0,
                entity_types: Mapping[str, str] | None = None) -> list[Event]:
    """Find the PLOVER events of one article.

    Args:
        text: ``Article.text``.
        sentences: its sentences (``text.segment.split_sentences``).
        mentions: linked mentions (``entity_id`` set; nested role and name mentions are fine).
        dates: the article's DateRefs resolved against the article date (``extract.dates``).
        quotes: its quotations (``extract.quotes``); first-person words inside a direct quotation
            refer to its speaker.
        article_date: the publication date (stated or inferred); the date of events told as
            past with no date of their own.
        countries: entity id -> id of its country (a person's office at the date, a city's
            country); lets "हम" mean the speaker's country, a visit to a city count as a visit to
            its country, and agreements bind states.
        captions: photo captions inside ``text``; a caption placing participants somewhere on a
            date gives the place of their meeting.
        min_confidence: events below it are dropped.
        entity_types: entity id -> type (PERSON, ORG, GPE, LOC) from the KB, which outranks the
            label a model gave a mention.

    Returns:
        Events in text order of their evidence; every span is a slice of ``text``.

    Example:
        >>> from ghatna.text.segment import split_sentences
        >>> t = "मोदी ने पुतिन से मुलाकात की।"
        >>> ms = [Mention(0, 4, "मोदी", "PERSON", entity_id="Q1058"), Mention(8, 13, "पुतिन", "PERSON", entity_id="Q7747")]
        >>> e = find_events(t, split_sentences(t), ms, article_date=DateValue("2024-06-25", "day"))[0]
        >>> e.event_type, e.actor, e.recipient, e.date.value, e.trigger.text
        ('CONSULT', ('Q1058',), ('Q7747',), '2024-06-25', 'मुलाकात की')
    """
    lex = event_lexicon()
    countries = dict(countries or {})
    doc = build_doc(text, sentences, mentions, lex, entity_types)
    allowed = doc.in_name()
    found: list[list[TriggerMatch]] = []
    starts: set[int] = set()
    for first, end, _ in doc.sentences:
        ms = [TriggerMatch(m.start + first, m.length, m.entry) for m in lex.match(doc.keys[first:end], allowed[first:end])]
        found.append(ms)
        starts.update(m.start for m in ms)
    assign_markers(doc, starts)
    regions = quote_regions(quotes, mentions)
    resolve_pronouns(doc, quotes, mentions, regions, countries)
    trigs: list[Trig] = []
    for si, ms in enumerate(found):
        first, end, _ = doc.sentences[si]
        clauses = doc.clauses(first, end)
        trigs += absorb(doc, find_hosts(doc, [make_trig(doc, m, si, clauses, regions, countries) for m in ms]))
    event_markers(doc, trigs, starts)
    date_of = _attach_dates(doc, trigs, dates)
    hosts = {id(t.host) for t in trigs if t.host is not None}
    cands = [c for t in trigs if (c := _candidate(doc, t, countries, date_of.get(id(t)), article_date, hosts))]
    cands = _speech_acts(cands)
    _first_plural(cands, regions)
    _inherit(doc, cands, countries)
    _gathering_hosts(doc, cands, countries)
    _refused_events(cands)
    cands = [c for c in cands if c.actors and (c.recipients or c.event_type not in NEEDS_RECIPIENT
                                               or (c.symmetric and len(c.actors) > 1))]
    _places(doc, cands, captions, countries)
    events = merge_candidates(cands, lex.quads, article_date)
    return [e for e in events if e.confidence >= min_confidence]


# --- dates ---------------------------------------------------------------------------------------


def _attach_dates(doc: EventDoc, trigs: list[Trig], dates: Sequence[DateRef]) -> dict[int, DateRef]:
    """Give each trigger the date expression before it in its sentence (the most precise one)."""
    attached: dict[int, list[tuple[int, DateRef]]] = {}
    for si, (first, end, s) in enumerate(doc.sentences):
        ts = [t for t in trigs if t.sentence == si]
        points = sorted([(t.start, t) for t in ts] + [(a.start, t) for t in ts for a in t.absorbed],
                        key=lambda p: p[0])
        if not points:
            continue
        for d in dates:
            if not (s.start <= d.start < s.end) or d.value is None:
                continue
            word = bisect.bisect_left(doc.starts, d.end)
            later = [p for p in points if p[0] >= word]
            host = later[0][1] if later else points[-1][1]
            attached.setdefault(id(host), []).append((d.start, d))
        previous: DateRef | None = None
        for t in sorted(ts, key=lambda t: t.start):
            mine = attached.get(id(t))
            if mine:
                previous = max(mine, key=lambda p: (_GRANULARITY.get(p[1].granularity, 0), p[0]))[1]
                attached[id(t)] = [(0, previous)]
            elif previous is not None:
                attached[id(t)] = [(0, previous)]  # coordinated acts share their time
    return {k: v[0][1] for k, v in attached.items()}


# --- candidates ----------------------------------------------------------------------------------


def _span(doc: EventDoc, first: int, last: int) -> Span:
    """The text span from word ``first`` to word ``last`` inclusive."""
    s, e = doc.words[first].start, doc.words[last].end
    return Span(s, e, doc.text[s:e])


def _status(doc: EventDoc, t: Trig) -> str:
    """occurred, future, hypothetical or negated, from the trigger's verb group and clause."""
    lex, keys = doc.lex, doc.keys
    first, end = t.clause
    window = range(t.start, min(end, max(t.verb_end, t.end) + 2))
    before = keys[t.start - 1] if t.start > first else ""
    if any(keys[k] in lex.negation and not set(keys[k + 1:k + 2]) & lex.not_only for k in window) \
            or before in lex.negation:
        return "negated"
    if any(keys[k] in lex.hypothetical for k in range(first, end)):
        return "hypothetical"
    s_first = doc.sentences[t.sentence][0]
    if any(keys[k] in lex.conditionals for k in range(s_first, t.start)):
        return "hypothetical"  # the main clause of "अगर … तो …" holds only on the condition
    if first > s_first and keys[first - 1] in lex.complementizers and any(keys[k] in lex.hypothetical for k in range(s_first, first)):
        return "hypothetical"  # "संभावना है कि …", "हो सकता है कि …": what follows may happen
    if future_modified(doc, t):
        return "future"
    if t.frame == "praise":
        return "occurred"  # a copular statement ("X हमारा साझेदार है") holds at the time it is said
    if t.statement and t.event_type in lex.material and t.event_type not in FUTURE_AS:
        return "future"  # "तैनात करने की घोषणा": announced, not yet done
    pos = doc.words[t.start].start
    if t.light is not None or t.match.entry.verb:
        # a predicate: its own verb group says the tense ("हस्ताक्षर किए गए हैं और अब … किया जा रहा है")
        limit = doc.words[max(t.verb_end, t.end) - 1].end - pos
    else:
        limit = doc.words[end - 1].end - pos if end > t.start else 0
    tense = clause_tense(_mask_adjectives(doc, doc.text[pos:pos + max(limit, 0)]), 0)
    progressive = any(keys[k] in lex.progressive for k in range(t.end, min(end, t.verb_end)))
    if tense == "future" and not (t.passive and progressive):
        return "future"
    return "occurred"


def _mask_adjectives(doc: EventDoc, text: str) -> str:
    """Blank out adjectives that look like future verbs (सहयोगी, उपयोगी) before reading the tense."""
    words = doc.lex.not_future
    return " ".join(" " * len(w) if devanagari_key(w) in words else w for w in text.split(" "))


def _mode(doc: EventDoc, t: Trig, event_type: str, mode: str | None) -> str | None:
    """The trigger's mode, else one said by a cue word of the clause."""
    if mode is not None:
        return mode
    cues = doc.lex.mode_cues.get(event_type, ())
    words = set(doc.keys[t.clause[0]:t.clause[1]])
    for name, cue in cues:
        if words & cue:
            return name
    return None


def _candidate(doc: EventDoc, t: Trig, countries: dict[str, str], date: DateRef | None,
               article_date: DateValue | None, hosts: set[int]) -> Candidate | None:
    """Read one trigger into a candidate event (None when it is no event)."""
    entry = t.match.entry
    if t.nonfinite or (entry.light and t.light is None and not t.absorbed):
        return None
    args = FrameReader(doc, t, countries).read()
    status = _status(doc, t)
    event_type = args.event_type or t.event_type
    mode = _mode(doc, t, event_type, args.mode or t.mode)
    if status == "future" and event_type in FUTURE_AS:
        event_type, mode = FUTURE_AS[event_type], None
    elif t.statement and event_type in FUTURE_AS and event_type in doc.lex.material:
        # PLOVER: a promise of aid is AGREE, an announced withdrawal CONCEDE; the promise has happened
        event_type, mode = FUTURE_AS[event_type], None
    value = date.as_value() if date is not None else None
    own = value is not None
    if value is None and status == "occurred" and article_date is not None:
        value = DateValue(article_date.value, article_date.granularity, "inferred")
    first, end, sentence = doc.sentences[t.sentence]
    last = t.light_at if t.light_at is not None and t.light_at >= t.end - 1 else t.end - 1
    # meetings and gatherings have no fixed direction: their tellings merge on participants
    symmetric = args.how == "between" or t.frame in ("meet", "summit") or (
        t.frame in ("host", "participate") and args.mode == "multilateral")
    return Candidate(
        trig=t, args=args, event_type=event_type, mode=mode, actors=list(args.actors),
        recipients=list(args.recipients), location=args.location or _location(doc, t, args, hosts),
        status=status, date=value, own_date=own,
        confidence=_confidence(t, args, status), evidence=Span(sentence.start, sentence.end, sentence.text),
        trigger=_span(doc, t.start, last), actor_text=[Span(p.start, p.end, doc.text[p.start:p.end])
                                                       for p in args.actor_phrases],
        recipient_text=[Span(p.start, p.end, doc.text[p.start:p.end]) for p in args.recipient_phrases],
        symmetric=symmetric, how=args.how, paragraph=sentence.paragraph,
    )


def _location(doc: EventDoc, t: Trig, args: Args, hosts: set[int]) -> str | None:
    """The place named in the trigger's clause ("X में"), when it is no participant."""
    if t.host is not None:
        return t.host.entities[0]
    taken = set(args.actors) | set(args.recipients)
    places = [p for p in doc.phrases_in(*t.clause) if p.marker == "loc" and p.places and p.entities
              and id(p) not in hosts and not set(p.entities) & taken]
    if not places:
        return None
    return min(places, key=lambda p: abs(p.first - t.start)).entities[0]


def _confidence(t: Trig, args: Args, status: str) -> float:
    """How sure the reading is: the way the actor was found, a recipient, a verb, the status."""
    c = HOW_CONFIDENCE.get(args.how, 0.6)
    c += 0.05 if args.recipients else 0.0
    c += 0.03 if t.light is not None or t.match.entry.verb else -0.05
    c -= 0.05 if status in ("hypothetical", "negated") else 0.0
    return max(0.3, min(0.98, c))


# --- document-level passes -----------------------------------------------------------------------


def _speech_acts(cands: list[Candidate]) -> list[Candidate]:
    """A request's or threat's complement ("… धमकी दी कि वह हमला करेगा") is its content, not an event."""
    drop: set[int] = set()
    for c in cands:
        if c.event_type not in SPEECH_ACTS:
            continue
        for o in cands:
            if o is c or o.trig.sentence != c.trig.sentence or o.trig.start <= c.trig.start:
                continue
            if o.trig.clause != c.trig.clause and o.status in ("future", "hypothetical", "occurred"):
                drop.add(id(o))
                if c.mode is None and c.event_type == "THREATEN":
                    c.mode = THREAT_MODES.get(o.event_type, c.mode)
    return [c for c in cands if id(c) not in drop]


def _first_plural(cands: list[Candidate], regions: Sequence[QuoteRegion]) -> None:
    """"हमने …" right after the speaker's own meeting means the meeting's participants."""
    for i, c in enumerate(cands):
        phrases = c.args.actor_phrases
        if not phrases or phrases[0].pronoun is None or phrases[0].pronoun[0] != "first_plural":
            continue
        speaker = c.trig.speaker
        for p in reversed(cands[:i]):
            if p.trig.speaker != speaker or c.trig.sentence - p.trig.sentence > 2:
                break
            if speaker in p.actors + p.recipients:
                c.actors = list(dict.fromkeys(p.actors + p.recipients))
                c.recipients = [r for r in c.recipients if r not in c.actors]
                c.how, c.symmetric = "we", p.symmetric or c.symmetric
                c.confidence = min(c.confidence, HOW_CONFIDENCE["we"])
                break


def _inherit(doc: EventDoc, cands: list[Candidate], countries: dict[str, str]) -> None:
    """A passive with no agent ("समझौतों पर हस्ताक्षर किए गए") takes the parties of the event told before."""
    for i, c in enumerate(cands):
        if c.actors or not c.args.needs_context:
            continue
        for p in reversed(cands[:i]):
            if not p.actors:
                continue
            near = c.trig.sentence - p.trig.sentence <= 2
            same_voice = c.paragraph == p.paragraph or (c.trig.speaker and c.trig.speaker == p.trig.speaker)
            if near and same_voice:
                states = c.trig.frame == "sign"
                pick = (lambda e: countries.get(e, e)) if states else (lambda e: e)
                c.actors = list(dict.fromkeys(pick(a) for a in p.actors))
                c.recipients = [r for r in dict.fromkeys(pick(x) for x in p.recipients) if r not in c.actors]
                if not c.own_date and p.date is not None:
                    c.date, c.own_date = p.date, p.own_date
                c.how, c.confidence = "inherit", min(c.confidence, HOW_CONFIDENCE["inherit"])
            break


def _refused_events(cands: list[Candidate]) -> None:
    """"फिलीपींस ने इस आरोप को खारिज किया": a refused event told just before gives the recipient."""
    for i, c in enumerate(cands):
        if c.event_type != "REJECT" or c.recipients or not c.trig.absorbed:
            continue
        kind = c.trig.absorbed[0].event_type
        for p in reversed(cands[:i]):
            if c.trig.sentence - p.trig.sentence > 2:
                break
            if p.event_type == kind and p.actors and not set(p.actors) & set(c.actors):
                c.recipients = list(p.actors)
                break


def _gathering_hosts(doc: EventDoc, cands: list[Candidate], countries: dict[str, str]) -> None:
    """Support "for the success of the summit" goes to the summit's host, found anywhere in the article."""
    hosts: dict[str, str] = {}
    for c in cands:
        t = c.trig
        hosting = t.frame == "host" and t.absorbed and c.actors
        hosted = [g for g in [t, *t.absorbed] if g.host is not None]
        if not hosting and not hosted:
            continue  # no host to learn: skip the look for owners
        owners = [e for g in [t, *t.absorbed] for p in doc.phrases if p.head == g.start and p.orgs
                  and p.marker in ("gen", "cmp") for e in p.entities]
        if hosting:
            for o in owners:
                hosts.setdefault(o, c.actors[0])
        for g in hosted:
            assert g.host is not None
            for o in owners:
                hosts.setdefault(o, g.host.entities[0])
    for c in cands:
        g = c.args.for_gathering
        if g is None or c.recipients:
            continue
        host = g.host.entities[0] if g.host is not None else None
        if host is None:
            owners = [e for p in doc.phrases if p.head == g.start and p.marker in ("gen", "cmp") for e in p.entities]
            host = next((hosts[o] for o in owners if o in hosts), None)
        if host is not None:
            c.recipients = [countries.get(host, host)]


def _places(doc: EventDoc, cands: list[Candidate], captions: Sequence[Caption], countries: dict[str, str]) -> None:
    """A meeting with no place takes it from a visit or a photo caption with a shared participant at a compatible date."""
    sightings: list[tuple[set[str], str, str | None]] = []
    for cap in captions:
        inside = [p for p in doc.phrases if cap.start <= p.start and p.end <= cap.end and p.entities]
        where = [p for p in inside if p.places]
        who = {e for p in inside if not p.places for e in p.entities}
        if where and who:
            sightings.append((who, where[0].entities[0], cap.date))
    own = {id(c): c.location for c in cands}
    for c in cands:
        if c.location is not None or c.event_type != "CONSULT" or c.status != "occurred":
            continue
        people = set(c.actors) | set(c.recipients)
        same = [o for o in cands if o.trig.sentence == c.trig.sentence and own[id(o)] and o.status == "occurred"]
        if same:  # "… बैठक में भाग लेने के लिए … अस्ताना पहुंचे": one place for the sentence
            c.location = same[0].location
            continue
        for o in cands:
            if o is not c and o.mode == "visit" and o.location and set(o.actors) & people and _compatible(o.date, c.date):
                c.location = o.location
                break
        else:
            for who, where, when in sightings:
                if who & people and c.date is not None and when and (when.startswith(c.date.value)
                                                                     or c.date.value.startswith(when)):
                    c.location = where
                    break


def _compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Dates that may be the same day (one is a prefix of the other, or either is unknown)."""
    return a is None or b is None or a.value.startswith(b.value) or b.value.startswith(a.value)
