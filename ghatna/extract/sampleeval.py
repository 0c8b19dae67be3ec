"""Compare an extracted article (the ``ghatna.article/1`` object) with hand-written expectations.

The expectations (``../shared/samples/expected/*.json`` and the team's event cases) name entities
by their English name (``name_en``) rather than by id, and abbreviate long spans with
``starts_with`` / ``evidence_contains``. Matching rules, section by section:

* document: each listed field equals the article's; ``*_starts_with`` compare prefixes; captions
  by prefix, credit and date; boilerplate lines must be among the removed ones;
  ``must_not_contain_in_clean_text`` must not occur in the text.
* entities: an expected entity is the output entity with its QID or English name (an unknown
  name, which the linker keeps as a NIL entity, is found by its mentions); its type must agree and
  every listed surface string must be a mention of it (a compound such as "रूस-कज़ाकिस्तान" must
  hold one).
* events: same category (an expected AGREE also accepts a CONSULT/SUPPORT/COOPERATE/AID with
  status future, as PLOVER codes future cooperation AGREE), the same actors and recipients
  (``either``, or a note saying both "may be listed as actors", also accepts all participants
  as actors, in either direction), the date (a more precise date inside the expected one is
  accepted), the status, and ``evidence_contains`` found in the evidence or a retelling. Mode
  and location are compared and reported, not required.
* quotes: the quote text starts with ``starts_with`` and the speaker is the named entity.
* facts: predicate, subject, object (or the value, for an office title), value within 1 %, unit,
  and ``valid_from``/``valid_to`` where given; relations between two countries match in either
  order.

Items marked ``optional`` never count as missed; a prediction matching one is not extra.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

FUTURE_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
SYMMETRIC_FACTS = frozenset({"diplomatic_relations_since", "strategic_partner_of", "trade_volume_with"})
SECTIONS = ("document", "entities", "events", "quotes", "facts")


def _nfc(s: Any) -> Any:
    """NFC form of a string (other values unchanged)."""
    return unicodedata.normalize("NFC", s) if isinstance(s, str) else s


@dataclass
class Item:
    """One compared item: what was expected (or predicted), and how it came out."""

    status: str  # matched | missed | extra | optional-matched | optional-missed
    label: str
    detail: str = ""
    kind: str = ""  # for events: the expected category (the predicted one for an extra)


@dataclass
class Section:
    """The items of one section with their counts."""

    name: str
    items: list[Item] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        """Number of items with one of ``statuses``."""
        return sum(1 for i in self.items if i.status in statuses)

    @property
    def precision(self) -> float | None:
        """Matched predictions over all predictions (None when nothing was predicted)."""
        good = self.count("matched", "optional-matched")
        total = good + self.count("extra")
        return good / total if total else None

    @property
    def recall(self) -> float | None:
        """Matched required items over required items (None when none is required)."""
        need = self.count("matched", "missed")
        return self.count("matched") / need if need else None

    @property
    def ok(self) -> bool:
        """True when no required item is missed."""
        return self.count("missed") == 0


@dataclass
class Report:
    """A whole article's comparison."""

    name: str
    sections: dict[str, Section]

    @property
    def ok(self) -> bool:
        """True when every section has every required item."""
        return all(s.ok for s in self.sections.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON form: per section the counts, precision, recall and items."""
        return {"sample": self.name, "ok": self.ok, "sections": {
            n: {"matched": s.count("matched"), "missed": s.count("missed"), "extra": s.count("extra"),
                "optional_matched": s.count("optional-matched"), "precision": s.precision, "recall": s.recall,
                "items": [{"status": i.status, "label": i.label, "detail": i.detail} for i in s.items]}
            for n, s in self.sections.items()}}


class Names:
    """Maps expected English names to the output's entity ids and back."""

    def __init__(self, doc: dict[str, Any], expected_entities: Iterable[dict[str, Any]] = ()) -> None:
        self.entities = {e["id"]: e for e in doc.get("entities", [])}
        self.expected = {e["name_en"].casefold(): e for e in expected_entities}

    def ids(self, name: str) -> set[str]:
        """Output entity ids the expected name may stand for."""
        key = name.casefold()
        exp = self.expected.get(key, {})
        out = {i for i, e in self.entities.items()
               if (e.get("name_en") or "").casefold() == key or (exp.get("qid") and e.get("qid") == exp["qid"])}
        if not out and exp:
            strings = {_nfc(s) for s in exp.get("mentions", [])}
            out = {i for i, e in self.entities.items() if e.get("qid") is None
                   and strings & {_nfc(m["text"]) for m in e.get("mentions", [])}}
        return out or {name}  # a bare id or an unknown name compares as itself

    def name(self, eid: str | None) -> str:
        """A readable name for an output id."""
        if eid is None:
            return "-"
        e = self.entities.get(eid)
        return (e.get("name_en") or eid) if e else eid


def _names_list(v: Any) -> list[Any]:
    """Expected actor/recipient as a list of names or {any: [...]} alternatives."""
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _same_set(expected: list[Any], got: list[str], names: Names) -> bool:
    """Each expected name is one of the ids, and each id is one of the names."""
    if len(expected) != len(set(got)):
        return False
    left = set(got)
    for want in expected:
        options = want["any"] if isinstance(want, dict) else [want]
        hit = next((g for g in left if any(g in names.ids(o) for o in options)), None)
        if hit is None:
            return False
        left.discard(hit)
    return not left


# --- events --------------------------------------------------------------------------------------


def event_differences(exp: dict[str, Any], ev: dict[str, Any], names: Names) -> tuple[list[str], list[str]]:
    """Return (blocking differences, reported-only differences) between an expected and an output event."""
    block: list[str] = []
    soft: list[str] = []
    want = exp.get("event_type") or exp.get("type")
    got = ev.get("event_type")
    if not (got == want or (want == "AGREE" and got in FUTURE_AGREE and ev.get("status") == "future")):
        block.append(f"type {got}")
    actors, recipients = _names_list(exp.get("actor")), _names_list(exp.get("recipient"))
    pa, pr = list(ev.get("actor") or []), list(ev.get("recipient") or [])
    either = exp.get("either") or "listed as actors" in str(exp.get("note", ""))
    fits = _same_set(actors, pa, names) and _same_set(recipients, pr, names)
    if not fits and either:
        fits = (_same_set(actors + recipients, pa, names) and not pr) or (
            _same_set(recipients, pa, names) and _same_set(actors, pr, names))
    if not fits:
        block.append(f"participants {[names.name(a) for a in pa]} -> {[names.name(r) for r in pr]}")
    if "date" in exp:
        d = (ev.get("date") or {}).get("value")
        if exp["date"] is None:
            if d is not None:
                block.append(f"date {d}")
        elif d is None or not str(d).startswith(str(exp["date"])):
            block.append(f"date {d}")
    if exp.get("status", "occurred") != ev.get("status"):
        block.append(f"status {ev.get('status')}")
    if exp.get("evidence_contains"):
        texts = [(ev.get("evidence") or {}).get("text", "")] + [r.get("text", "") for r in ev.get("retold", [])]
        if not any(_nfc(exp["evidence_contains"]) in _nfc(t) for t in texts):
            block.append("evidence")
    if "mode" in exp and exp["mode"] != ev.get("mode"):
        soft.append(f"mode {ev.get('mode')} (expected {exp['mode']})")
    if exp.get("location") and ev.get("location") not in names.ids(exp["location"]):
        soft.append(f"location {names.name(ev.get('location'))} (expected {exp['location']})")
    return block, soft


def _event_label(e: dict[str, Any]) -> str:
    """A one-line description of an expected event."""
    t = e.get("event_type") or e.get("type")
    rec = e.get("recipient")
    return f"{t} {e.get('actor')} -> {rec if rec is not None else '-'} {e.get('date', '')} {e.get('status', 'occurred')}"


def _out_event_label(e: dict[str, Any], names: Names) -> str:
    """A one-line description of an output event."""
    d = (e.get("date") or {}).get("value")
    return (f"{e['event_type']} {[names.name(a) for a in e.get('actor', [])]} -> "
            f"{[names.name(r) for r in e.get('recipient', [])]} {d} {e.get('status')} "
            f"[{(e.get('trigger') or {}).get('text', '')}]")


def compare_events(expected: list[dict[str, Any]], events: list[dict[str, Any]], names: Names) -> Section:
    """Match expected events to output events one to one (required ones first)."""
    sec = Section("events")
    used: set[int] = set()
    order = sorted(range(len(expected)), key=lambda i: bool(expected[i].get("optional")))
    results: dict[int, Item] = {}
    for i in order:
        exp = expected[i]
        best: tuple[int, list[str]] | None = None
        closest: tuple[int, list[str]] | None = None
        for j, ev in enumerate(events):
            if j in used:
                continue
            block, soft = event_differences(exp, ev, names)
            if not block and (best is None or len(soft) < len(best[1])):
                best = (j, soft)
            if closest is None or len(block) < len(closest[1]):
                closest = (j, block)
        opt = bool(exp.get("optional"))
        kind = exp.get("event_type") or exp.get("type") or ""
        if best is not None:
            used.add(best[0])
            results[i] = Item("optional-matched" if opt else "matched", _event_label(exp), "; ".join(best[1]), kind)
        else:
            hint = "" if closest is None else f"nearest: {_out_event_label(events[closest[0]], names)} ({', '.join(closest[1])})"
            results[i] = Item("optional-missed" if opt else "missed", _event_label(exp), hint, kind)
    sec.items = [results[i] for i in range(len(expected))]
    sec.items += [Item("extra", _out_event_label(ev, names), kind=ev.get("event_type", ""))
                  for j, ev in enumerate(events) if j not in used]
    return sec


def score_by_type(sections: Iterable[Section]) -> dict[str, dict[str, float]]:
    """Per-category true positives, false positives, false negatives, precision, recall and F1 over
    event sections (optional items count neither way); key "all" holds the micro average."""
    counts: dict[str, list[int]] = {}
    for sec in sections:
        for item in sec.items:
            row = counts.setdefault(item.kind, [0, 0, 0])
            if item.status == "matched":
                row[0] += 1
            elif item.status == "extra":
                row[1] += 1
            elif item.status == "missed":
                row[2] += 1
    counts["all"] = [sum(r[k] for t, r in counts.items() if t != "all") for k in range(3)]
    out = {}
    for kind, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


# --- quotes and facts ----------------------------------------------------------------------------


def compare_quotes(expected: list[dict[str, Any]], quotes: list[dict[str, Any]], names: Names) -> Section:
    """Match quotes by their opening words and speaker."""
    sec = Section("quotes")
    used: set[int] = set()
    for exp in expected:
        start = _nfc(exp["starts_with"])
        label = f"{exp['speaker']}: {start[:40]}…"
        cands = [j for j, q in enumerate(quotes) if j not in used and _nfc(q["text"]).strip(" \"“”'").startswith(start)]
        good = [j for j in cands if quotes[j].get("speaker") in names.ids(exp["speaker"])]
        opt = bool(exp.get("optional"))
        if good:
            used.add(good[0])
            sec.items.append(Item("optional-matched" if opt else "matched", label))
        else:
            detail = f"speaker {names.name(quotes[cands[0]].get('speaker'))}" if cands else "no such quote"
            if cands:
                used.add(cands[0])
            sec.items.append(Item("optional-missed" if opt else "missed", label, detail))
    sec.items += [Item("extra", f"{names.name(q.get('speaker'))}: {q['text'][:40]}…")
                  for j, q in enumerate(quotes) if j not in used]
    return sec


def _fact_fits(exp: dict[str, Any], f: dict[str, Any], names: Names) -> bool:
    """True when an output fact states the expected one."""
    if f.get("predicate") != exp["predicate"]:
        return False

    def obj_ok(want: Any, fact: dict[str, Any], key: str) -> bool:
        if want is None:
            return fact.get(key) is None
        if fact.get(key) is not None:
            return fact[key] in names.ids(want)
        return key == "object" and _nfc(str(fact.get("value"))) == _nfc(str(want))

    pairs = [("subject", "object")]
    if exp["predicate"] in SYMMETRIC_FACTS:
        pairs.append(("object", "subject"))
    if not any(f.get(a) in names.ids(exp["subject"]) and ("object" not in exp or obj_ok(exp["object"], f, b))
               for a, b in pairs):
        return False
    if "value" in exp and exp["value"] is not None and not (
            isinstance(f.get("value"), (int, float)) and abs(f["value"] - exp["value"]) <= 0.01 * abs(exp["value"])):
        return False
    for key in ("unit", "valid_from", "valid_to"):
        if key in exp and exp[key] != f.get(key):
            return False
    return True


def compare_facts(expected: list[dict[str, Any]], facts: list[dict[str, Any]], names: Names) -> Section:
    """Match facts one to one."""
    sec = Section("facts")
    used: set[int] = set()
    for exp in expected:
        label = (f"{exp['subject']} {exp['predicate']} {exp.get('object', '')} "
                 f"{exp.get('value', '') or ''}{exp.get('unit', '') or ''} {exp.get('valid_from', '') or ''}"
                 f"{'–' + exp['valid_to'] if exp.get('valid_to') else ''}").strip()
        hit = next((j for j, f in enumerate(facts) if j not in used and _fact_fits(exp, f, names)), None)
        opt = bool(exp.get("optional"))
        if hit is not None:
            used.add(hit)
            sec.items.append(Item("optional-matched" if opt else "matched", label))
        else:
            near = [f for f in facts if f.get("predicate") == exp["predicate"] and f.get("subject") in names.ids(exp["subject"])]
            detail = "; ".join(f"got {names.name(f.get('object'))} {f.get('value') or ''} {f.get('valid_from')}-{f.get('valid_to')}"
                               for f in near[:2])
            sec.items.append(Item("optional-missed" if opt else "missed", label, detail))
    sec.items += [Item("extra", f"{names.name(f['subject'])} {f['predicate']} {names.name(f.get('object'))} "
                               f"{f.get('value') or ''}{f.get('unit') or ''} {f.get('valid_from') or ''}".strip())
                  for j, f in enumerate(facts) if j not in used]
    return sec


# --- document and entities -----------------------------------------------------------------------


def compare_document(exp: dict[str, Any], article: dict[str, Any]) -> Section:
    """Check the article-level fields the expectation lists."""
    sec = Section("document")

    def check(label: str, ok: bool, got: Any) -> None:
        sec.items.append(Item("matched" if ok else "missed", label, "" if ok else f"got {got!r}"))

    for key in ("language", "translated_from", "title", "publisher", "byline", "source_url", "title_truncated"):
        if key in exp:
            check(f"{key} = {exp[key]!r}", _nfc(article.get(key)) == _nfc(exp[key]), article.get(key))
    for key in ("title", "subtitle"):
        if f"{key}_starts_with" in exp:
            got = article.get(key) or ""
            check(f"{key} starts with {exp[key + '_starts_with'][:30]}…",
                  _nfc(got).startswith(_nfc(exp[key + "_starts_with"])), got[:40])
    if "published" in exp:
        pub = article.get("published") or {}
        want = exp["published"]
        ok = pub.get("value") == want.get("value") and ("kind" not in want or pub.get("kind") == want["kind"])
        check(f"published {want}", ok, pub)
    if "agencies" in exp:
        check(f"agencies {exp['agencies']}", set(article.get("agencies", [])) == set(exp["agencies"]),
              article.get("agencies"))
    for cap in exp.get("photo_captions", []):
        found = [c for c in article.get("photo_captions", []) if _nfc(c.get("text", "")).startswith(_nfc(cap["starts_with"]))]
        ok = any(all(c.get(k) == cap[k] for k in ("credit", "date") if k in cap) for c in found)
        check(f"caption {cap['starts_with'][:30]}…", ok, found[:1])
    removed = {_nfc(b.get("text", "").strip()) for b in article.get("boilerplate", [])}
    for line in exp.get("boilerplate_removed", []):
        check(f"removed {line[:40]}", _nfc(line.strip()) in removed, sorted(removed)[:3])
    text = _nfc(article.get("text", ""))
    for s in exp.get("must_not_contain_in_clean_text", []):
        check(f"text lacks {s!r}", _nfc(s) not in text, "present")
    return sec


def compare_entities(expected: list[dict[str, Any]], doc: dict[str, Any], names: Names) -> Section:
    """Every expected entity found, with its type and every listed surface form among its mentions."""
    sec = Section("entities")
    text = _nfc(doc.get("article", {}).get("text", ""))
    used: set[str] = set()
    for exp in expected:
        ids = [i for i in names.ids(exp["name_en"]) if i in names.entities]
        opt = bool(exp.get("optional"))
        label = f"{exp['name_en']} ({exp.get('type')})"
        if not ids:
            sec.items.append(Item("optional-missed" if opt else "missed", label, "not found"))
            continue
        ent = names.entities[ids[0]]
        used.update(ids)
        mentions = [m for i in ids for m in names.entities[i].get("mentions", [])]
        texts = {_nfc(m["text"]) for m in mentions}
        # a name the article gives only in its metadata (publisher in a removed header line) is
        # evidenced by raw-text offsets instead of a text mention
        texts |= {_nfc(m["text"]) for i in ids for m in names.entities[i].get("metadata", [])
                  if m.get("raw_start") is not None}
        problems = [f"type {ent.get('type')}"] if exp.get("type") and ent.get("type") != exp["type"] else []
        for key in ("mentions", "role_mentions", "demonyms"):
            problems += [f"no mention {s!r}" for s in exp.get(key, []) if _nfc(s) not in texts]
        for comp in exp.get("compound_mentions", []):
            spots = [k for k in range(len(text)) if text.startswith(_nfc(comp), k)]
            if not any(s <= m["start"] and m["end"] <= s + len(comp) for s in spots for m in mentions):
                problems.append(f"no mention inside {comp!r}")
        status = ("optional-" if opt else "") + ("matched" if not problems else "missed")
        sec.items.append(Item(status, label, "; ".join(problems)))
    sec.items += [Item("extra", f"{e.get('name_en') or e['id']} ({e.get('type')})")
                  for i, e in names.entities.items() if i not in used]
    return sec


def compare_article(doc: dict[str, Any], expected: dict[str, Any], name: str = "") -> Report:
    """Compare one output object with its expectation, section by section."""
    names = Names(doc, expected.get("entities", []))
    sections = {
        "document": compare_document(expected.get("document", {}), doc.get("article", {})),
        "entities": compare_entities(expected.get("entities", []), doc, names),
        "events": compare_events(expected.get("events", []), doc.get("events", []), names),
        "quotes": compare_quotes(expected.get("quotes", []), doc.get("quotes", []), names),
        "facts": compare_facts(expected.get("facts", []), doc.get("facts", []), names),
    }
    return Report(name or expected.get("sample", ""), sections)
