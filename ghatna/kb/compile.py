"""Assemble a KnowledgeBase from source tables and the curated seed; read users' entity files.

``scripts/build_kb.py`` reads the sources (``../shared/data/kb-sources``, Babel, pycountry) into a
plain ``Sources`` value and calls ``build_kb``; the integrity test does the same in memory and
compares with the shipped artefact (the dateparser pattern). Nothing here touches the network.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ghatna.errors import InputError, ResourceError
from ghatna.kb.keys import ortho_key
from ghatna.kb.knowledge import KnowledgeBase, alias_row
from ghatna.resources.loader import read_lines, read_yaml
from ghatna.types import Alias, Entity, Role

SEED_FILES = ("kb/seed/people.yaml", "kb/seed/orgs.yaml", "kb/seed/places.yaml", "kb/seed/offices.yaml")
_ROLE = re.compile(r"^(?P<office>[a-z_]+)(?:@(?P<of>[A-Za-z0-9_\-]+))?\s+(?P<start>[0-9-]*)/(?P<end>[0-9-]*)$")

# Babel language names that Hindi also uses as the adjective of a country (रूसी, कज़ाख़, जापानी).
# Only languages whose name means "of that country" in Hindi news: not Arabic, English, Persian,
# Bengali or Urdu, whose speakers span several countries.
LANGUAGE_DEMONYMS = {
    "az": "AZ", "be": "BY", "bg": "BG", "cs": "CZ", "da": "DK", "de": "DE", "el": "GR", "et": "EE",
    "fi": "FI", "fr": "FR", "hu": "HU", "hy": "AM", "id": "ID", "it": "IT", "ja": "JP", "ka": "GE",
    "kk": "KZ", "ko": "KR", "ky": "KG", "lt": "LT", "lv": "LV", "mn": "MN", "ne": "NP", "nl": "NL",
    "pl": "PL", "ro": "RO", "ru": "RU", "sk": "SK", "sv": "SE", "tg": "TJ", "th": "TH", "tk": "TM",
    "tr": "TR", "uk": "UA", "uz": "UZ", "vi": "VN", "zh": "CN",
}
# SupraVerden Hindi names that are garbled (checked by hand; see its README): not used.
BAD_HINDI_ORG_NAMES = frozenset({"युरोपय केनदरिय बेनक"})


@dataclass
class Sources:
    """Plain tables read from the KB sources (see ``scripts/build_kb.py``)."""

    countries: list[dict[str, str]] = field(default_factory=list)  # derived-countries-hi rows
    cities: list[dict[str, str]] = field(default_factory=list)  # geonames-cities-hi rows
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)  # supraverden general_list
    regions_hi: dict[str, str] = field(default_factory=dict)  # CLDR region code -> Hindi name
    territories_hi: dict[str, str] = field(default_factory=dict)  # Babel hi territory names
    languages_hi: dict[str, str] = field(default_factory=dict)  # Babel hi language names
    subdivisions: list[tuple[str, str, str]] = field(default_factory=list)  # (code, en, hi)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Draft:
    """A mutable entity while the build collects its names."""

    id: str
    type: str
    name_en: str
    name_hi: str | None = None
    qid: str | None = None
    country: str | None = None
    prior: float = 0.5
    roles: list[Role] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # text, kind, source

    def add(self, text: str | None, kind: str, source: str) -> None:
        """Add an alias once (the first kind given wins)."""
        text = (text or "").strip()
        if text and all(t != text for t, _, _ in self.aliases):
            self.aliases.append((text, kind, source))
        if source not in self.sources:
            self.sources.append(source)


def _split(value: str | None) -> list[str]:
    """Split a ``|``-separated cell."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def parse_role(text: str, default_of: str, ids: dict[str, str]) -> Role:
    """Parse ``"president 2019-03-20/"`` or ``"king@AU 2022-09-08/"`` into a Role."""
    m = _ROLE.match(text.strip())
    if not m:
        raise InputError("E401", detail=f"bad role {text!r}; write 'office FROM/TO' or 'office@KEY FROM/TO'")
    of = m.group("of") or default_of
    return Role(m.group("office"), ids.get(of, of), m.group("start") or None, m.group("end") or None)


def _person_drafts(seed: dict[str, list[dict[str, Any]]], ids: dict[str, str]) -> list[_Draft]:
    """Seed people -> drafts (surname aliases derived unless ``sn`` is given)."""
    out = []
    for group, people in seed.items():
        for p in people:
            d = _Draft(p.get("qid") or f"ghatna:{p['id']}", "PERSON", p["en"], p.get("hi"), p.get("qid"),
                       ids.get(group) if len(group) == 2 and group.isupper() else None, 0.7)
            d.add(p["en"], "name", "seed")
            d.add(p.get("hi"), "name", "seed")
            for a in p.get("aka", ()):
                d.add(str(a), "variant", "seed")
            surnames = p.get("sn")
            if surnames is None:
                surnames = [n.split()[-1] for n in (p["en"], p.get("hi") or "") if len(n.split()) > 1]
            for s in surnames:
                d.add(str(s), "surname", "seed")
            d.roles = [parse_role(r, group, ids) for r in p.get("roles", ())]
            out.append(d)
    return out


def build_kb(sources: Sources, seed: dict[str, Any], stop_keys: Iterable[str] = (),
             common_keys: Iterable[str] = ()) -> KnowledgeBase:
    """Build the KB: countries, cities, subdivisions, regions, organisations, seed people.

    Args:
        sources: tables read from the KB sources.
        seed: ``{"people": …, "orgs": …, "places": …, "offices": …}`` parsed seed YAML.
        stop_keys: orthographic keys never used as aliases (common words that are also names).
        common_keys: keys of words that tagged corpora show are mostly not names; a one-word alias
            with such a key is dropped unless the curated seed gives it.
    """
    drafts: dict[str, _Draft] = {}
    places = seed["places"]
    ids: dict[str, str] = {}  # ISO alpha-2 / org key -> entity id

    def put(d: _Draft) -> _Draft:
        if d.id in drafts:  # merge (seed entries add to a source entity with the same id)
            old = drafts[d.id]
            for t, k, s in d.aliases:
                old.add(t, k, s)
            old.name_hi = old.name_hi or d.name_hi
            old.roles += d.roles
            old.prior = max(old.prior, d.prior)
            return old
        drafts[d.id] = d
        return d

    capitals = set()
    for row in sources.countries:
        iso = row["iso2"]
        if iso in ("EU", "UN"):
            continue  # organisations, built below
        qid = row.get("wikidata_qid") or None
        d = put(_Draft(qid or f"ghatna:country-{iso.lower()}", "GPE", row["name_en"], row["name_hi"], qid,
                       prior=1.0))
        d.country = d.id
        ids[iso] = d.id
        d.add(row["name_en"], "name", "cldr")
        for n in _split(row.get("names_en_alt")):
            d.add(n, "variant", "pycountry+owid")
        d.add(row["name_hi"], "name", "cldr")
        for n in _split(row.get("names_hi_alt")):
            d.add(n, "variant", "cldr+iso-codes")
        d.add(sources.territories_hi.get(iso), "variant", "babel")
        extra = places["countries"].get(iso, {})
        for n in extra.get("aka", ()):
            d.add(n, "variant", "seed")
        for n in extra.get("demonyms", ()):
            d.add(n, "demonym", "seed")
        if row.get("capital_geonameid"):
            capitals.add(row["capital_geonameid"])
    for lang, iso in LANGUAGE_DEMONYMS.items():
        if iso in ids and lang in sources.languages_hi:
            drafts[ids[iso]].add(sources.languages_hi[lang], "demonym", "babel")

    cities_seed = {str(k): v for k, v in places["cities"].items()}
    for row in sources.cities:
        gid = row["geonameid"]
        extra = cities_seed.get(gid, {})
        qid = extra.get("qid")
        pop = int(row.get("population") or 0)
        prior = extra.get("prior", 0.6 if gid in capitals else 0.25 + min(0.25, pop / 40_000_000))
        names_hi = _split(row.get("names_hi_deva"))
        d = put(_Draft(qid or f"geonames:{gid}", "GPE", row["name"], names_hi[0] if names_hi else None, qid,
                       ids.get(row["countrycode"]), prior))
        d.add(row["name"], "name", "geonames")
        for n in names_hi:
            d.add(n, "variant", "geonames")
        for n in extra.get("aka", ()):
            d.add(n, "variant", "seed")
        if extra.get("aka") and not d.name_hi:
            d.name_hi = next((a for a in extra["aka"] if any("\u0900" <= c <= "\u097f" for c in a)), None)

    subs_seed = places.get("subdivisions", {})
    for code, en, hi in sources.subdivisions:
        cc = code.split("-")[0]
        d = put(_Draft(f"iso3166-2:{code}", "GPE", en, hi, None, ids.get(cc), 0.55 if cc == "IN" else 0.45))
        d.add(en, "name", "pycountry")
        d.add(hi, "name", "pycountry")
        for n in subs_seed.get(code, {}).get("aka", ()):
            d.add(n, "variant", "seed")

    for code, extra in places.get("regions", {}).items():
        hi = sources.regions_hi.get(str(code))
        d = put(_Draft(f"ghatna:region-{code}", "LOC", extra["en"], hi, None, None, 0.6))
        d.add(hi, "name", "cldr")
        for n in extra.get("aka", ()):
            d.add(n, "variant", "seed")

    for name, org in sources.orgs.items():
        qid = org.get("Wikidata_code") or None
        if qid and not str(qid).startswith("Q"):
            qid = None
        d = put(_Draft(qid or f"sprvd:{org.get('SPRVD_id', name)}", "ORG", org.get("Name_en") or name,
                       None, qid, None, 0.4))
        d.add(org.get("Name_en") or name, "name", "supraverden")
        abbr = org.get("Abbreviation_en")
        if isinstance(abbr, str) and abbr.strip() and abbr.strip() != d.name_en:
            d.add(abbr, "acronym", "supraverden")
        hi = org.get("Name_hi")
        if isinstance(hi, str) and hi.strip() and hi.strip() not in BAD_HINDI_ORG_NAMES:
            d.name_hi = hi.strip()
            d.add(hi, "variant", "supraverden")

    for section, entries in seed["orgs"].items():
        for o in entries:
            qid = o.get("qid")
            d = put(_Draft(qid or f"ghatna:{o['key'].lower().replace('_', '-')}", o.get("type", "ORG"), o["en"],
                           o.get("hi"), qid, ids.get(o.get("country", "")), 0.8 if section != "bodies" else 0.6))
            d.name_en, d.name_hi = o["en"], o.get("hi") or d.name_hi
            d.add(o["en"], "name", "seed")
            d.add(o.get("hi"), "name", "seed")
            for a in o.get("aka", ()):
                d.add(str(a), "variant", "seed")
            if o["key"] in ids:
                # a key shared with a country code would reassign that country's offices (AU: Australia)
                raise ResourceError("E603", name="kb/seed/orgs.yaml", line=0,
                                    detail=f"organisation key {o['key']!r} is already a country or organisation key")
            ids[o["key"]] = d.id

    for d in _person_drafts(seed["people"], ids):
        put(d)

    offices = {ids.get(k, k): dict(v) for k, v in seed["offices"].items()}
    return _finish(drafts.values(), offices, set(stop_keys), set(common_keys), sources.meta)


def _finish(drafts: Iterable[_Draft], offices: dict[str, dict[str, str]], stop: set[str],
            common: set[str], meta: dict[str, Any]) -> KnowledgeBase:
    """Turn drafts into entities and keyed alias rows (stop-listed and one-letter aliases dropped)."""
    ents, rows, priors = [], [], []
    for d in drafts:
        i = len(ents)
        aliases = []
        for text, kind, source in d.aliases:
            row = alias_row(i, text, kind, source)
            if row.ortho in stop or len(row.ortho.replace(" ", "")) < 2 or not row.phon:
                continue
            if source != "seed" and row.ortho in common:
                continue
            rows.append(row)
            aliases.append(Alias(text, "Deva" if any("\u0900" <= c <= "\u097f" for c in text) else "Latn",
                                 kind, source))
        ents.append(Entity(d.id, d.type, d.name_en, d.name_hi, d.qid, tuple(aliases), d.country,
                           tuple(d.roles), tuple(d.sources)))
        priors.append(d.prior)
    return KnowledgeBase(ents, rows, offices, priors, meta)


def read_seed() -> dict[str, Any]:
    """Read the curated seed files shipped in ``resources/kb/seed``."""
    return {Path(name).stem: read_yaml(name) for name in SEED_FILES}


def stop_keys() -> set[str]:
    """Orthographic keys of words that must never be aliases (closed-class words, stop list)."""
    words = list(read_lines("kb/alias_stoplist.txt")) + list(read_lines("hi/function_words.txt"))
    return {ortho_key(w) for w in words}


def _entity_from_user(rec: dict[str, Any], source: str) -> Entity:
    """Turn one user record (YAML mapping or CSV row) into an Entity."""
    name_en = str(rec.get("name_en") or rec.get("en") or "").strip()
    name_hi = str(rec.get("name_hi") or rec.get("hi") or "").strip() or None
    if not name_en and not name_hi:
        raise InputError("E401", detail=f"{source}: an entity needs name_en or name_hi")
    qid = str(rec.get("qid") or "").strip() or None
    slug = re.sub(r"[^a-z0-9]+", "-", (name_en or ortho_key(name_hi or "")).lower()).strip("-")
    eid = str(rec.get("id") or "").strip() or qid or f"user:{slug}"
    aka = rec.get("aliases") or rec.get("aka") or []
    if isinstance(aka, str):
        aka = _split(aka)
    roles = rec.get("roles") or []
    if isinstance(roles, str):
        roles = _split(roles)
    aliases = [Alias(n, "Latn", "name", source) for n in [name_en] if n]
    aliases += [Alias(name_hi, "Deva", "name", source)] if name_hi else []
    aliases += [Alias(str(a), "Deva" if any("\u0900" <= c <= "\u097f" for c in str(a)) else "Latn",
                      "variant", source) for a in aka]
    country = str(rec.get("country") or "").strip() or None
    return Entity(eid, str(rec.get("type") or "PERSON").upper(), name_en or name_hi or eid, name_hi, qid,
                  tuple(aliases), country, tuple(parse_role(str(r), country or "", {}) for r in roles),
                  (source,))


def read_user_file(path: str | Path) -> list[Entity]:
    """Read users' own entities from YAML (a list of mappings) or CSV (a header row).

    Fields: ``name_en``, ``name_hi``, ``aliases`` (list, or ``|``-separated in CSV), ``type``
    (PERSON, ORG, GPE, LOC …), ``qid``, ``id``, ``country`` (entity id), ``roles``
    (``"office FROM/TO"``).

    Raises:
        InputError: the file is missing, unreadable or malformed (E401).
    """
    p = Path(path)
    source = f"user:{p.name}"
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("E401", detail=f"cannot read {p}: {exc}") from exc
    if p.suffix.lower() in (".csv", ".tsv"):
        delim = "\t" if p.suffix.lower() == ".tsv" else ","
        records: Any = list(csv.DictReader(text.splitlines(), delimiter=delim))
    else:
        try:
            records = yaml.safe_load(text) or []
        except yaml.YAMLError as exc:
            raise InputError("E401", detail=f"{p}: {exc}") from exc
        if isinstance(records, dict):
            records = records.get("entities", [records])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError("E401", detail=f"{p}: expected a list of entity mappings")
    return [_entity_from_user(r, source) for r in records]
