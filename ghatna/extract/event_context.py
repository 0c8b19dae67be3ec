"""Triggers in context: the verb group after each, gatherings and their hosts, absorbed triggers,
and pronouns resolved through the discourse and the speakers of quotations.

A trigger noun is an event only with a light verb after it or as a named gathering; "भाग लेने के
लिए" (an oblique infinitive with a postposition) is a purpose, not an event. A verb that takes a
gathering as its object absorbs it: "बैठक में भाग लिया" is one event, "बैठक रद्द कर दी" a refusal
to meet. A gathering's host comes from a participle before it ("X में होने वाली", "X द्वारा
आयोजित", "X द्वारा मेजबानी की गई").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ghatna.extract.event_doc import EventDoc, Phrase, _scan_marker
from ghatna.extract.event_frames import GATHERINGS, Trig
from ghatna.extract.event_lexicon import TriggerMatch
from ghatna.types import Mention, QuoteSpan

_ABSORB_GAP = 4  # words between a gathering noun and the verb that takes it
_HOST_LOOKBACK = 9  # words between a host participle and its gathering noun
_REJECT_MODES = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                 "RETREAT": "yield", "CONCEDE": "yield", "AGREE": "meet"}
_THREAT_MODES = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "relations", "arrest": "arrest",
                 "deport": "expel", "expel": "expel", "PROTEST": "restrict"}


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """A direct quotation: its span and the entity that speaks it."""

    start: int
    end: int
    speaker: str | None


def entity_at(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    """The entity of the linked mention overlapping ``[start, end)`` most."""
    best, overlap = None, 0
    for m in mentions:
        o = min(end, m.end) - max(start, m.start)
        if m.entity_id and o > overlap:
            best, overlap = m.entity_id, o
    return best


def quote_regions(quotes: Sequence[QuoteSpan], mentions: Sequence[Mention]) -> list[QuoteRegion]:
    """Direct quotations with their resolved speakers."""
    out = []
    for q in quotes:
        if q.direct:
            who = entity_at(mentions, q.resolved.start, q.resolved.end) if q.resolved else None
            out.append(QuoteRegion(q.start, q.end, who))
    return out


def region_at(regions: Sequence[QuoteRegion], pos: int) -> QuoteRegion | None:
    """The direct quotation containing ``pos``."""
    for r in regions:
        if r.start <= pos < r.end:
            return r
    return None


# --- pronouns ------------------------------------------------------------------------------------


def resolve_pronouns(doc: EventDoc, quotes: Sequence[QuoteSpan], mentions: Sequence[Mention],
                     regions: Sequence[QuoteRegion], countries: dict[str, str]) -> None:
    """Fill the entities of pronoun phrases, in text order.

    First person inside a quotation is its speaker (singular) or the speaker's country (plural);
    a pronoun that is a quotation's speaker takes the quote module's resolution; a third-person
    subject is the last subject before it; a third-person object or possessor is the latest
    person named before it who is not the subject of its own clause.
    """
    labels: dict[str, str] = {}
    for m in mentions:
        if m.entity_id:
            labels.setdefault(m.entity_id, "PERSON" if m.label == "PER" else m.label)
    cue_speakers = [(q.speaker.start, q.speaker.end, q.resolved) for q in quotes if q.speaker is not None]
    last_subject: tuple[str, ...] = ()
    recent: list[tuple[int, str]] = []  # (word index, entity) of named participants
    subjects: list[tuple[int, str]] = []  # (word index, entity) of subjects, in order
    clause_subject: dict[int, tuple[str, ...]] = {}  # clause start -> its subject
    for p in doc.phrases:
        clause = _clause_start(doc, p.first)
        if p.pronoun is None:
            if p.marker in ("erg", None) and p.head is None and p.capital_of is None:
                last_subject = p.entities
                clause_subject[clause] = p.entities
                subjects.extend((p.first, e) for e in p.entities)
            recent.extend((p.first, e) for e in p.entities)
            continue
        person, case = p.pronoun
        region = region_at(regions, p.start)
        ents: tuple[str, ...] = ()
        if person == "first_singular" and region is not None and region.speaker:
            ents = (region.speaker,)
        elif person == "first_plural" and region is not None and region.speaker:
            ents = (countries.get(region.speaker, region.speaker),)
        elif person == "third":
            spoken = next((r for s, e, r in cue_speakers if s <= p.start < e and r is not None), None)
            who = entity_at(mentions, spoken.start, spoken.end) if spoken is not None else None
            if who is not None:
                ents = (who,)
            elif case in ("erg", "nom"):
                ents = last_subject
            else:
                subject = clause_subject.get(clause, ())
                earlier = [e for w, e in subjects if w < clause and e not in subject]
                if case == "gen" and earlier and labels.get(earlier[-1]) == "PERSON":
                    # a possessive never means its own clause's subject (that is अपना): it is the
                    # subject told before ("मोदी ने कहा कि किशिदा के साथ उनकी बातचीत …")
                    ents = (earlier[-1],)
                else:
                    people = [e for _, e in recent if e not in subject]
                    persons = [e for e in people if labels.get(e) == "PERSON"]
                    ents = (persons[-1],) if persons else ((people[-1],) if people else ())
        p.entities = ents
        p.labels = tuple(labels.get(e, "GPE") for e in ents)
        if ents and case in ("erg", "nom"):
            last_subject = ents
            clause_subject[clause] = ents
            subjects.extend((p.first, e) for e in ents)


def _clause_start(doc: EventDoc, word: int) -> int:
    """First word of the clause holding ``word``."""
    first, end, _ = doc.sentences[doc.sentence_of(word)]
    return next((a for a, b in doc.clauses(first, end) if a <= word < b), first)


# --- triggers ------------------------------------------------------------------------------------


def make_trig(doc: EventDoc, m: TriggerMatch, sentence: int, clauses: Sequence[tuple[int, int]],
              regions: Sequence[QuoteRegion], countries: dict[str, str]) -> Trig:
    """Build a trigger in context and read its verb group."""
    clause = next((c for c in clauses if c[0] <= m.start < c[1]), clauses[-1] if clauses else (m.start, m.end))
    e = m.entry
    assert e.event_type is not None
    t = Trig(m, sentence, clause, e.event_type, e.frame, e.mode)
    _verb_group(doc, t)
    region = region_at(regions, doc.words[m.start].start)
    if region is not None and region.speaker:
        t.speaker = region.speaker
        t.speaker_country = countries.get(region.speaker)
    return t


def _verb_group(doc: EventDoc, t: Trig) -> None:
    """Read the light verb, passive and infinitive after a trigger."""
    lex, keys = doc.lex, doc.keys
    n = len(keys)
    j = t.end
    last = t.end - 1 if t.match.entry.verb else None
    if t.match.entry.verb and j < n and keys[j] in lex.light_kinds and not keys[t.end - 1] in lex.light_kinds:
        t.light = lex.light_kinds[keys[j]]
        last, j = j, j + 1  # "संबंध स्थापित करने", "कर्ज माफ किया": the verb words end in a light verb
    if not t.match.entry.verb:
        while j < n and (keys[j] in lex.particles or keys[j] in lex.negation):
            j += 1
        if j + 1 < n and keys[j] in lex.genitives and keys[j + 1] in lex.statement_nouns:
            t.statement = True
            j += 2
        if j < n and keys[j] in lex.light_kinds and _light_here(doc, j):
            t.light = lex.light_kinds[keys[j]] if not t.statement else "statement"
            last = j
            j += 1
    if last is not None and keys[last].endswith(lex.infinitive_ending) and last + 2 < n and keys[last + 1] in lex.genitives \
            and keys[last + 2] in lex.statement_nouns:
        t.statement = True  # "तैनात करने की घोषणा", "सहायता देने का वादा": announced, not done
        last, j = last + 2, last + 3
        if j < n and keys[j] in lex.light_kinds:
            last, j = j, j + 1
    if last is not None:
        k = j
        while k < n and k - j < 4 and (keys[k] in lex.passive or keys[k] in lex.auxiliaries
                                      or keys[k] in lex.light_kinds):
            if (keys[k] in lex.passive and not keys[k - 1].endswith(lex.infinitive_ending)
                    and keys[k - 1] not in lex.go_auxiliary):
                t.passive = True
            k += 1
        verb = keys[last]
        if verb.endswith(lex.infinitive_ending) and lex.starts_with(keys, last + 1, lex.nonfinite_after) \
                and not t.statement:
            t.nonfinite = True
        t.verb_end = max(k, last + 1)
    else:
        t.verb_end = t.end
    t.light_at = last


def _light_here(doc: EventDoc, j: int) -> bool:
    """Whether the word at ``j`` is a light verb: की is also the genitive ("सम्मेलन की सफलता"),
    and is a verb only where the verb group or the clause ends after it."""
    keys, lex = doc.keys, doc.lex
    if keys[j] not in lex.genitives:
        return True
    if j + 1 >= len(keys):
        return True
    nxt = keys[j + 1]
    return (doc.words[j + 1].text in "।॥?!.,;:\"“”)" or nxt in lex.auxiliaries or nxt in lex.passive
            or nxt in lex.coordinators or nxt in lex.clause_breaks or nxt in lex.negation)


def future_modified(doc: EventDoc, t: Trig) -> bool:
    """True when a modifier before the trigger noun puts it ahead ("आगामी सम्मेलन", "होने वाली बैठक").

    Up to three words before the noun are looked at, names in between not counted ("आगामी
    शंघाई सहयोग संगठन (एससीओ) शिखर सम्मेलन").
    """
    named = doc.named_words()
    k, seen = t.start - 1, 0
    while k >= t.clause[0] and seen < 3:
        if k not in named and doc.words[k].text not in "()":
            if doc.lex.starts_with(doc.keys, k, doc.lex.future_modifiers):
                return True
            seen += 1
        k -= 1
    return False


def find_hosts(doc: EventDoc, trigs: list[Trig]) -> list[Trig]:
    """Give gatherings their host from a participle before them; drop host words used that way."""
    drop: set[int] = set()
    for t in trigs:
        if t.frame not in GATHERINGS:
            continue
        for p in doc.phrases_in(t.clause[0], t.start):
            if not p.entities or p.marker not in ("loc", "agt", "gen") or not (t.clause[0] <= p.first < t.start):
                continue
            k = p.after
            size = doc.lex.starts_with(doc.keys, k, doc.lex.host_participles)
            if size and k + size <= t.start and t.start - k <= _HOST_LOOKBACK:
                t.host = p
                drop.update(id(o) for o in trigs if o is not t and k <= o.start < k + size)
    for t in trigs:  # "X की मेजबानी में <gathering>": hosted by X
        if t.frame == "host" and doc.lex.marker_at(doc.keys, t.end) == ("loc", 1):
            hosts = [p for p in doc.phrases if p.marker == "gen" and p.head == t.start and p.entities]
            if hosts:
                for g in trigs:
                    if g.frame in GATHERINGS and g.clause == t.clause:
                        g.host = g.host or hosts[0]
                drop.add(id(t))
    return [t for t in trigs if id(t) not in drop]


def absorb(doc: EventDoc, trigs: list[Trig]) -> list[Trig]:
    """Let verbs take the gathering or event noun before them as their object."""
    dropped: set[int] = set()
    for i, b in enumerate(trigs):
        if b.nonfinite:
            continue
        for a in reversed(trigs[:i]):
            if id(a) in dropped or a.clause != b.clause or a.light not in (None, "do") and not a.nonfinite:
                continue
            gap = b.start - a.end
            if not 0 <= gap <= _ABSORB_GAP or any(p.entities for p in doc.phrases_in(a.end, b.start)):
                continue
            if b.frame in ("participate", "host") and a.frame in GATHERINGS:
                b.absorbed.append(a)
                dropped.add(id(a))
                break
            if b.event_type in ("REJECT", "REQUEST", "THREATEN") and (a.light is None or a.nonfinite):
                # "बातचीत से इनकार", "मदद नहीं मांगी", "हमले की धमकी": the noun is what is refused, asked, threatened
                b.absorbed.append(a)
                modes = _THREAT_MODES if b.event_type == "THREATEN" else _REJECT_MODES
                b.mode = b.mode or modes.get(a.event_type, modes.get(a.mode or ""))
                dropped.add(id(a))
                break
    for b in trigs:  # "नाटो शिखर सम्मेलन में … ने हिस्सा लिया": the gathering it took part in
        if b.frame == "participate" and not b.absorbed and not b.nonfinite:
            before = [a for a in trigs if a.frame in GATHERINGS and a.clause == b.clause and a.start < b.start
                      and id(a) not in dropped and doc.lex.marker_at(doc.keys, a.end) == ("loc", 1)]
            if before:
                b.absorbed.append(before[-1])
                dropped.add(id(before[-1]))
    for b in trigs:  # "…शिखर सम्मेलन में …, जिसमें X ने भाग लिया": the relative pronoun is the gathering
        if b.frame == "participate" and not b.absorbed and b.clause[0] > 0 and doc.keys[b.clause[0] - 1] in doc.lex.relative_locatives:
            before = [a for a in trigs if a.frame in GATHERINGS and a.sentence == b.sentence and a.start < b.start
                      and id(a) not in dropped]
            if before:
                b.absorbed.append(before[-1])
                dropped.add(id(before[-1]))
    return [t for t in trigs if id(t) not in dropped]


def event_markers(doc: EventDoc, trigs: list[Trig], starts: set[int]) -> None:
    """Read the marker after event nouns: a gathering "for" something ("सम्मेलन की सफलता के लिए"),
    an event noun that is another's object ("हमले की निंदा")."""
    by_start = {t.start: t for t in trigs}
    for g in trigs:
        if (g.light is not None or g.match.entry.verb) and not g.nonfinite:
            continue
        last = g.verb_end - 1 if g.nonfinite else g.end - 1
        probe = Phrase(g.start, last, (), (), 0, 0)
        _scan_marker(doc, probe, starts - {g.start})
        if probe.marker == "for" and g.frame in GATHERINGS:
            for t in trigs:
                if t.clause == g.clause and t is not g and t.start > g.start:
                    t.for_gatherings.append(g)
        elif probe.marker == "gen" and probe.head in by_start and by_start[probe.head] is not g:
            by_start[probe.head].object_event = g
        elif probe.marker in ("on", "against", "dat"):
            # "कनाडा के आरोपों पर आपत्ति जताई": objected to Canada's accusations
            nxt = [t for t in trigs if t.clause == g.clause and probe.after <= t.start <= probe.after + 3]
            if nxt and nxt[0].object_event is None:
                nxt[0].object_event = g
