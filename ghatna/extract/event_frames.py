"""Participants of one event trigger, read from its clause by the trigger's frame.

Each frame says which case markers give the actor and which the recipient (see the frame list
in ``hi/event_triggers.yaml``). The PLOVER conventions applied here: for a visit the visitor is
the actor and the host the recipient; with no host, every participant of a meeting is an actor;
a multilateral meeting's actor is the organisation whose meeting it is (``docs/plover.md``).

Grammar used (standard Hindi): the agent of a perfective transitive verb takes ने; the subject
of other verbs takes no marker; a genitive before an event noun is its owner ("पुतिन की
यात्रा", "भारत का सहयोग दिया") unless a "do" light verb follows, which makes it the object
("X की निंदा की", "X का समर्थन किया").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ghatna.extract.event_doc import EventDoc, Phrase
from ghatna.extract.event_lexicon import TriggerMatch

# frames whose trigger is an event noun naming a gathering (a genitive or compound before it is
# the gathering's owner: "एससीओ शिखर सम्मेलन", "पुतिन की यात्रा")
GATHERINGS = frozenset({"meet", "visit", "summit"})


@dataclass
class Trig:
    """A trigger in context: its clause, the verb group after it, and what it absorbed."""

    match: TriggerMatch
    sentence: int
    clause: tuple[int, int]
    event_type: str
    frame: str
    mode: str | None
    light: str | None = None  # kind of the light verb after a noun: do | give | happen | other
    passive: bool = False
    statement: bool = False  # "समर्थन की घोषणा की": the event is announced
    nonfinite: bool = False
    verb_end: int = 0  # word index after the verb group
    light_at: int | None = None  # word index of the light verb (or of the verb itself)
    absorbed: list["Trig"] = field(default_factory=list)
    host: Phrase | None = None  # host of a gathering ("X में होने वाली", "X द्वारा आयोजित")
    speaker: str | None = None  # entity speaking, for a trigger inside a direct quotation
    speaker_country: str | None = None
    object_event: "Trig | None" = None  # an event noun whose genitive points at this trigger
    for_gatherings: list["Trig"] = field(default_factory=list)  # gatherings this is "for" (…की सफलता के लिए)

    @property
    def start(self) -> int:
        """First word index."""
        return self.match.start

    @property
    def end(self) -> int:
        """Word index after the trigger words."""
        return self.match.end


@dataclass
class Args:
    """What a frame found: actor and recipient phrases (or entity ids), place, and how sure."""

    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    actor_phrases: list[Phrase] = field(default_factory=list)
    recipient_phrases: list[Phrase] = field(default_factory=list)
    location: str | None = None
    how: str = ""  # erg | agt | gen | nom | speaker | between | inherit …
    event_type: str | None = None  # a frame may recode the event (welcome a person: CONSULT)
    mode: str | None = None
    for_gathering: Trig | None = None  # "सम्मेलन की सफलता के लिए": recipient is that gathering's host
    needs_context: bool = False  # no participants: may inherit them from the event told before


def _ids(phrases: list[Phrase]) -> list[str]:
    """Entity ids of phrases, in order, without repeats."""
    out: list[str] = []
    for p in phrases:
        for e in p.entities:
            if e not in out:
                out.append(e)
    return out


class FrameReader:
    """Reads the participants of triggers in one clause."""

    def __init__(self, doc: EventDoc, trig: Trig, countries: dict[str, str]) -> None:
        self.doc, self.t, self.countries = doc, trig, countries
        first, end = trig.clause
        self.phrases = [p for p in doc.phrases_in(first, end) if p.last < end and p.entities]
        self.before = [p for p in self.phrases if p.last < trig.start]
        self.after = [p for p in self.phrases if p.first >= trig.end]

    # --- lookups ---------------------------------------------------------------------------------

    def marked(self, *markers: str, side: str = "both") -> list[Phrase]:
        """Phrases with one of ``markers``: nearest before the trigger first, then after it."""
        before = [p for p in reversed(self.before) if p.marker in markers]
        after = [p for p in self.after if p.marker in markers]
        if side == "before":
            return before
        return before + after

    def first(self, *markers: str, side: str = "both") -> list[Phrase]:
        """The nearest phrase with one of ``markers`` (as a list of zero or one)."""
        found = self.marked(*markers, side=side)
        return found[:1]

    def of_trigger(self, marker: str) -> list[Phrase]:
        """Phrases modifying the trigger word ("gen": X की यात्रा, "cmp": एससीओ शिखर सम्मेलन)."""
        heads = {self.t.start} | {a.start for a in self.t.absorbed}
        return [p for p in self.phrases if p.marker == marker and p.head in heads]

    def subject(self) -> list[Phrase]:
        """The unmarked subject before the trigger (first such phrase of the clause)."""
        for p in self.before:
            if p.marker is None and p.head is None and p.capital_of is None:
                return [p]
        # "वेनेजुएला बातचीत के लिए सहमत": a name before an event noun that is itself an adjunct
        # (followed by a postposition) is the subject of the verb, not the noun's owner
        for p in self.before:
            if p.marker == "cmp" and p.head != self.t.start and p.head is not None:
                nxt = next((k for k in range(p.head, self.t.start) if self.doc.lex.marker_at(self.doc.keys, k)), None)
                if nxt is not None and nxt <= p.head + 3:
                    return [p]
        return []

    def possessor(self) -> list[Phrase]:
        """A genitive before the trigger whose head is not an event ("मेरी X से बातचीत")."""
        heads = {self.t.start} | {a.start for a in self.t.absorbed}
        return [p for p in self.before if p.marker == "gen" and p.head not in heads][:1]

    def speaker(self) -> list[str]:
        """The speaker of the quotation the trigger is in, when its clause names no subject."""
        if self.t.speaker is None or any(p.marker in (None, "erg") and p.head is None for p in self.before):
            return []
        return [self.t.speaker]

    def country(self, eid: str) -> str:
        """The country of an entity (itself when unknown)."""
        return self.countries.get(eid, eid)

    # --- actors ------------------------------------------------------------------------------------

    def agent(self, gen_owner: bool) -> tuple[list[Phrase], str]:
        """The doer: ने-phrase, passive agent, owner genitive, subject, possessor, in that order."""
        t = self.t
        reference = t.light is None and not t.match.entry.verb and not t.statement and not t.absorbed
        if reference and t.frame not in ("meet", "visit", "summit"):
            # an event noun named inside another clause ("हम इस हमले की निंदा करते हैं") has only its own
            # owner as actor ("रूस के हमले"), not the subject of the clause it is named in
            owner = self.of_trigger("gen") + [p for p in self.of_trigger("cmp") if not p.places]
            return (owner, "gen") if owner else ([], "")
        if gen_owner and (t.statement or t.light is None and not t.match.entry.verb):
            # "मोदी ने … भारत के समर्थन की घोषणा की": the support is India's, Modi announces it
            owner = [p for p in self.of_trigger("gen") if not (p.places and t.frame in ("visit", "arrive"))]
            if owner:
                return owner, "gen"
        if not t.passive:
            erg = self.first("erg", side="before")
            if erg:
                return erg, "erg"
        agt = self.first("agt")
        if agt:
            return agt, "agt"
        if gen_owner:
            gen = [p for p in self.of_trigger("gen") if not (p.places and t.frame in ("visit", "arrive"))]
            if gen:
                return gen, "gen"
        if not t.passive:
            # a name right before a verb (or a noun with its light verb) is its subject ("भारत और रूस
            # मिलकर काम कर रहे हैं"); before a gathering noun it names the gathering ("नाटो शिखर सम्मेलन")
            predicate = t.match.entry.verb or (t.light is not None and t.frame not in GATHERINGS)
            cmp = [p for p in self.of_trigger("cmp") if (predicate or t.frame not in GATHERINGS)
                   and not (p.places and t.frame in ("visit", "arrive"))]
            subj = self.subject() or cmp
            if subj:
                return subj, "nom"
            own = self.possessor()
            if own:
                return own, "gen"
        return [], ""

    def objects(self) -> list[Phrase]:
        """The object of a "do" noun: its genitive, or the owner of the event noun before it
        ("रूस के हमले की निंदा": Russia is condemned)."""
        direct = self.of_trigger("gen")
        if direct:
            return direct
        o = self.t.object_event
        if o is not None:
            owners = [p for p in self.phrases if p.marker in ("gen", "cmp") and p.head == o.start]
            if owners:
                return owners
        if self.t.absorbed:  # "भारत के साथ बातचीत से इनकार": refused talks with India
            inner = FrameReader(self.doc, self.t.absorbed[0], self.countries)
            partners = inner.first("com", "abl", side="before") + inner.of_trigger("gen")
            if partners:
                return partners[:1]
        # "उनकी गर्मजोशी से बधाई देने का धन्यवाद किया": thanked is the one whose act is thanked for
        return [p for p in self.possessor() if p.pronoun is not None]

    def gen_is_object(self) -> bool:
        """A genitive before the trigger noun is its object ("X की निंदा की"), not its owner."""
        t = self.t
        return not t.statement and t.light in ("do", "other")

    # --- frames ------------------------------------------------------------------------------------

    def read(self) -> Args:
        """Apply the trigger's frame."""
        t = self.t
        method = getattr(self, f"_frame_{t.frame}")
        args: Args = method()
        predicate = t.light is not None or t.match.entry.verb or bool(t.absorbed)
        if not args.actors and predicate and not t.passive and t.frame not in ("summit", "praise"):
            spk = self.speaker()  # "… के साथ अच्छी बातचीत हुई" in a post: the poster talked
            if spk:
                args.actors, args.how = spk, "speaker"
        if not args.recipients and self._place_targets():
            self._place_recipient(args)
        self._cities_to_countries(args)
        args.recipients = [r for r in args.recipients if r not in args.actors]
        if t.match.entry.partner and not args.recipients and len(args.actors) < 2:
            return Args()
        return args

    def _place_targets(self) -> bool:
        """Categories whose target may be named as a place ("लेबनान में हवाई हमले", "गाज़ा में प्रवेश")."""
        t = self.t
        return t.event_type in ("ASSAULT", "AID") or (t.event_type, t.mode) in (
            ("RETREAT", "access"), ("ACCUSE", "investigate"))

    def _place_recipient(self, args: Args) -> None:
        """The country of a place in the clause, when it is not the actor's own."""
        own = {self.country(a) for a in args.actors} | set(args.actors)
        for p in self.marked("loc", side="before") + self.marked("loc"):
            if p.places and p.entities and self.country(p.entities[0]) not in own:
                args.recipients = [self.country(p.entities[0])]
                args.recipient_phrases = [p]
                args.location = args.location or p.entities[0]
                return

    def _cities_to_countries(self, args: Args) -> None:
        """A city as target or host stands for its country; the city becomes the place."""
        places = {e for p in args.recipient_phrases if p.places for e in p.entities}
        out = []
        for r in args.recipients:
            country = self.countries.get(r)
            if r in places and country and country != r:
                args.location = args.location or r
                r = country
            if r not in out:
                out.append(r)
        args.recipients = out

    def _finish(self, actors: list[Phrase], how: str, recipients: list[Phrase], **kw: object) -> Args:
        """Build Args from phrases."""
        return Args(_ids(actors), _ids(recipients), actors, recipients, how=how, **kw)  # type: ignore[arg-type]

    def _frame_meet(self) -> Args:
        """Meetings and talks: X ने Y से / के साथ; X और Y ने; X और Y के बीच."""
        between = self.first("between")
        if between and len(between[0].entities) > 1:
            return self._finish(between, "between", [])
        actors, how = self.agent(gen_owner=True)
        recipients = self.first("com", "abl")
        if not recipients and how != "gen":
            recipients = [p for p in self.of_trigger("gen") if not p.places]
        mode = "multilateral" if how == "gen" and actors and actors[0].orgs else None
        return self._finish(actors, how, recipients, mode=mode)

    def _frame_visit(self) -> Args:
        """Visits: X की Y यात्रा, X का Y दौरा, X ने Y का दौरा किया, X Y के दौरे पर."""
        actors, how = self.agent(gen_owner=True)
        actors = [p for p in actors if not p.places or p.inst]
        dest = [p for p in self.of_trigger("gen") + self.of_trigger("cmp") if p.places]
        dest = dest or [p for p in self.first("loc", "on") if p.places]
        return self._visit(actors, how, dest)

    def _visit(self, actors: list[Phrase], how: str, dest: list[Phrase]) -> Args:
        """Visitor as actor, host country as recipient, the city as location."""
        args = self._finish(actors, how, [], mode="visit")
        if dest:
            place = dest[0]
            eid = place.entities[-1]
            country = place.capital_of or self.country(eid)
            args.recipients = [country]
            args.location = eid
        elif self.t.speaker_country and all(self.country(a) != self.t.speaker_country for a in args.actors):
            args.recipients = [self.t.speaker_country]  # "during X's visit", said by the host: to us
        return args

    def _frame_arrive(self) -> Args:
        """Arrivals: X 20 मई को Y पहुंचे (Y a place)."""
        dest = [p for p in self.of_trigger("cmp") + self.first("loc", side="before") if p.places]
        actors = [p for p in self.before if p.marker in (None, "erg") and p.head is None and not p.places]
        if not dest or not actors:
            return Args()
        return self._visit(actors[:1], "nom", dest)

    def _frame_host(self) -> Args:
        """Hosting: X ने Y की मेजबानी की (Y visits X); X ने सम्मेलन की मेजबानी की (X hosts a summit)."""
        hosts, how = self.agent(gen_owner=False)
        gathering = next((a for a in self.t.absorbed if a.frame in GATHERINGS), None)
        if gathering is not None:
            orgs = self._gathering_owner(gathering)
            args = self._finish(hosts, how, orgs, mode="multilateral")
            if hosts:
                args.location = hosts[0].entities[0]
            return args
        guests = [p for p in self.of_trigger("gen") if not p.orgs or p.inst]
        if not guests or not hosts:
            return Args()
        args = self._finish(guests, "gen", hosts, mode="visit")
        args.location = hosts[0].entities[0] if hosts[0].places else None
        return args

    def _gathering_owner(self, g: Trig) -> list[Phrase]:
        """Organisation (or coordinated countries) whose gathering ``g`` is."""
        mods = [p for p in self.phrases if p.marker in ("gen", "cmp") and p.head == g.start]
        return [p for p in mods if p.orgs] or [p for p in mods if not p.places or len(p.entities) > 1]

    def _frame_summit(self) -> Args:
        """A multilateral gathering named by its organisation: "एससीओ शिखर सम्मेलन"."""
        owners = self._gathering_owner(self.t)
        args = self._finish([p for p in owners if p.orgs], "gen", [], mode=self.t.mode or "multilateral")
        if self.t.host is not None:
            args.location = self.t.host.entities[0]
            if not args.actors:
                return Args()
            args.recipients = []
        return args

    def _frame_participate(self) -> Args:
        """Taking part: X ने Y (शिखर सम्मेलन) में भाग लिया."""
        actors, how = self.agent(gen_owner=False)
        gathering = next((a for a in self.t.absorbed if a.frame in GATHERINGS), None)
        recipients: list[str] = []
        location = None
        if gathering is not None:
            if gathering.host is not None:
                recipients = [self.country(gathering.host.entities[0])]
                location = gathering.host.entities[0]
            else:
                recipients = _ids(self._gathering_owner(gathering))
        else:
            recipients = _ids([p for p in self.first("loc", side="before") if not p.places])
        args = self._finish(actors, how, [], mode="multilateral")
        args.recipients, args.location = recipients, location
        return args

    def _frame_give(self) -> Args:
        """Giving and saying to: X ने Y को बधाई दी; X ने Y का धन्यवाद किया; X का सहयोग दिया."""
        gen_obj = self.gen_is_object()
        actors, how = self.agent(gen_owner=not gen_obj)
        recipients = self.first("dat", side="before") or (self.objects() if gen_obj else [])
        recipients = recipients or self.first("dat") or self.first("com")
        args = self._finish(actors, how, recipients)
        if not recipients:
            self._beneficiary(args)
        return args

    def _beneficiary(self, args: Args) -> None:
        """"X के लिए": the beneficiary; a gathering's success means its host."""
        for p in self.marked("for"):
            args.recipients = _ids([p])
            return
        if self.t.for_gatherings:
            args.for_gathering = self.t.for_gatherings[0]

    def _frame_object(self) -> Args:
        """Attitudes to an object: X ने Y की निंदा/सराहना/समर्थन किया; X के समर्थन की घोषणा."""
        gen_obj = self.gen_is_object()
        actors, how = self.agent(gen_owner=not gen_obj)
        recipients = (self.objects() if gen_obj else []) or self.first("dat", "against") or self.first("between")
        args = self._finish(actors, how, recipients)
        if not recipients:
            self._beneficiary(args)
        return args

    def _frame_target(self) -> Args:
        """Acts aimed at a target: X ने Y पर आरोप/हमला; Y के खिलाफ प्रदर्शन; Y को गिरफ्तार किया."""
        gen_obj = self.gen_is_object()
        actors, how = self.agent(gen_owner=not gen_obj)
        if self.t.passive and not actors:
            targets = self.subject() + self.first("on", "against", "dat")
        else:
            targets = self.first("on", "against", "dat", side="before") or (
                self.objects() if gen_obj else []) or self.first("on", "against", "dat", "abl")
        args = self._finish(actors, how, targets)
        if not args.actors:
            args.needs_context = self.t.match.entry.inherit
        return args

    def _frame_agent(self) -> Args:
        """Acts with an optional target: X ने … ; Y को / Y के साथ."""
        actors, how = self.agent(gen_owner=True)
        recipients = self.first("dat", "against", "on", "com", side="before") or self.first("abl", side="before")
        return self._finish(actors, how, recipients)

    def _frame_ask(self) -> Args:
        """Requests: X ने Y से … की मांग/आग्रह/अपील की (Y addressed with से; orders with को)."""
        gen_obj = self.gen_is_object()
        actors, how = self.agent(gen_owner=not gen_obj)
        asked = self.first("abl", side="before") or self.first("dat", "on", "against", side="before") or (
            self.objects() if gen_obj else [])
        return self._finish(actors, how, asked)

    def _frame_sign(self) -> Args:
        """Agreements: X और Y ने समझौते पर हस्ताक्षर किए; X ने Y के साथ; passive without agent."""
        between = self.first("between")
        if between and len(between[0].entities) > 1:
            args = self._finish(between, "between", [])
        else:
            actors, how = self.agent(gen_owner=False)
            args = self._finish(actors, how, self.first("com", "abl"))
        if not args.actors:
            args.needs_context = True
        args.actors = list(dict.fromkeys(self.country(a) for a in args.actors))
        args.recipients = list(dict.fromkeys(self.country(r) for r in args.recipients))
        return args

    def _frame_praise(self) -> Args:
        """"X हमारा रणनीतिक साझेदार है": the speaker (or X's owner) supports X."""
        subject = self.subject()
        owner = [p for p in self.before if p.marker == "gen"]
        if not subject:
            return Args()
        if owner and owner[0].pronoun is not None and owner[0].pronoun[0].startswith("first") and self.t.speaker:
            return Args([self.t.speaker], _ids(subject), [], subject, how="speaker")
        if owner and owner[0].pronoun is None:
            return self._finish(owner[:1], "gen", subject)
        return Args()

    def _frame_welcome(self) -> Args:
        """"X ने Y का स्वागत किया": a person welcomed is a visit to X; anything else is support."""
        hosts, how = self.agent(gen_owner=False)
        guests = self.of_trigger("gen")
        if guests and "PERSON" in guests[0].labels and hosts:
            args = self._finish(guests[:1], "gen", hosts, event_type="CONSULT", mode="visit")
            return args
        objects = guests or self.first("dat") or self.first("between")  # "X और Y के बीच युद्धविराम का स्वागत"
        return self._finish(hosts, how, objects, event_type="SUPPORT", mode=None)

    def _frame_exercise(self) -> Args:
        """Exercises: with a partner COOPERATE, alone MOBILIZE."""
        between = self.first("between")
        if between and len(between[0].entities) > 1:
            return self._finish(between, "between", [], event_type="COOPERATE", mode=None)
        actors, how = self.agent(gen_owner=True)
        partners = self.first("com")
        if partners or (actors and len(_ids(actors)) > 1):
            return self._finish(actors, how, partners, event_type="COOPERATE", mode=None)
        return self._finish(actors, how, [])
