"""Compile the NER gazetteer (``ghatna/resources/models/ner/gazetteer.tsv``) from open sources.

Sources (licences in the file header and docs/licences.md):
  * ../shared/data/kb-sources: CLDR Hindi territory names incl. -alt- variants (Unicode v3),
    the derived country table (names, variants, capitals), GeoNames cities with Devanagari
    names (CC BY 4.0), SupraVerden organisation names in Hindi (CC BY-SA 4.0);
  * pycountry (iso-codes, LGPL-2.1+ data): Hindi subdivision and currency names;
  * Babel (CLDR, Unicode v3): Hindi language names, used as nationality adjectives (NORP),
    currency names;
  * ghatna/resources/hi/ner_seed.tsv: the team's hand-curated names (CC0);
  * with ``--person-names``: Faker's Devanagari given names and surnames (hi_IN, mr_IN, ne_NP person
    providers, MIT), as types PFN (given name) and PLN (surname). No Hindi source lists people, and
    unseen Indian names are what the model misses most (नेहा वैद, कौशल पांडेय in a list of writers).

Types: GPE (country, subdivision, city), LOC (world region), ORG, PER, NORP, CUR, PFN, PLN. The source column
(seed, country, capital, region, city, subdivision, intl-org, currency, language) tells the NER stage
which names are curated enough to be tagged by exact match (seed, country, intl-org).
Evidence filter. The broad sources (GeoNames cities, subdivisions, capitals, regions, currencies,
languages) hold common Hindi words as names (hai 'is' as a currency, aur 'and' and tak 'until' as
places). Every match of such a word fires the same ``g=B-GPE`` feature as a real place, which blurs
what the feature says. So each entry is matched, as the NER features match it (longest match on folded
stage tokens), in the training split of ``ghatna.extract.nerdata.load_splits`` (IL-NER train + HiNER
validation less the tune and held-out buckets; never dev, tune or held out), and an entry from a broad
source is dropped when it matches at least ``MIN_MATCHES`` times and
  * (GPE, LOC, ORG, PER) at least ``O_SHARE`` of its matches hold no PER/LOC/ORG token;
  * (CUR) fewer than ``CUR_NUMBER_SHARE`` of its matches follow a number (a currency word does);
  * (NORP) fewer than ``NORP_TAG_SHARE`` of its matches are tagged as a language/nationality (MISC).
A broad-source entry of several words is also dropped when it begins or ends with a function word:
a word seen at least ``FUNCTION_MIN_COUNT`` times in the training split and tagged O in at least
``FUNCTION_O_SHARE`` of them (postpositions, auxiliaries, conjunctions; mistranslations such as
'Grand Cay' written with the postposition ke, and the currency catalogue's sentences for codes XXX/XTS).
Curated rows (seed, country, intl-org) are never dropped. Settings are compared on the tune split's
IL-NER score (``train_ner.py --train-on train --gazetteer FILE``), never on dev or HiNER held out.

The filter is off by default (``EVIDENCE_FILTER``; ``--evidence-filter`` turns it on). Measured on
2026-11-22, it cut the false B-GPE matches in training from 57 % to 10 % (of 21 841) and the CUR
matches from 18 820 to 505, but a model retrained with it did not score higher on tune (IL-NER):
0.7977 against 0.7992 (IL-NER x3, c2 0.2), 0.7924 against 0.7953 (the shipped c1 0.05, c2 0.01),
0.7916 against 0.7939 (BIOES, c2 0.2); currencies only, 0.7939 against 0.7992. The CRF's word
features already discount frequent false matches. At run time it would stop the NER stage from
labelling a number before hai/hain ('is'/'are') as MONEY.
Entries are NFC, sorted and unique. Run:
``python scripts/build_ner_gazetteer.py [--data DIR] [--check] [--evidence-filter] [--out FILE] [--dropped FILE]``.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "ghatna" / "resources" / "models" / "ner" / "gazetteer.tsv"
SEED = REPO / "ghatna" / "resources" / "hi" / "ner_seed.tsv"
HEADER = (
    "# source: compiled by scripts/build_ner_gazetteer.py from ../shared/data/kb-sources (CLDR Hindi territories; "
    "derived country table; GeoNames cities15000 Devanagari names; SupraVerden organisations), pycountry iso-codes "
    "Hindi catalogues, Babel CLDR Hindi names, and ghatna/resources/hi/ner_seed.tsv\n"
    "# license: CC BY-SA 4.0 as a whole (SupraVerden names are CC BY-SA 4.0; GeoNames CC BY 4.0; CLDR Unicode-3.0; "
    "iso-codes LGPL-2.1+ data; seed CC0-1.0)\n"
    "{people}{filter}# updated: {updated}\n"
)
PEOPLE_LINE = (
    "# people: given names (PFN) and surnames (PLN) from Faker's hi_IN, mr_IN and ne_NP person providers (MIT); "
    "those matched >= {min_matches} times in the NER training split with O share >= {o_share} are dropped "
    "(common words such as एक, राज्य, विकास); {dropped} dropped\n"
)
FILTER_LINE = (
    "# filter: broad-source entries matched >= {min_matches} times in the NER training split and mostly not names "
    "there are dropped (O share >= {o_share}; currencies after a number < {cur_share}; languages tagged < "
    "{norp_share}); so are those of several words that begin or end with a function word; {dropped} dropped\n"
)
#: whether the build drops entries by corpus evidence (measured, not adopted: see the module docstring)
EVIDENCE_FILTER = False
#: whether the build adds Faker's given names and surnames (PFN, PLN): chosen by 3-fold cross-validation
#: on the training split (with the nasal fold, mean IL-NER F1 0.7533 against 0.7517; PER 0.7546 against 0.7457)
PERSON_NAMES = True
#: Faker locales whose person providers are written in Devanagari
PERSON_LOCALES = ("hi_IN", "mr_IN", "ne_NP")
#: sources curated enough never to be filtered by corpus evidence
CURATED = {"seed", "country", "intl-org"}
#: evidence thresholds (see the module docstring), set from the training-split evidence, compared on tune
MIN_MATCHES = 5
O_SHARE = 0.9
CUR_NUMBER_SHARE = 0.1
NORP_TAG_SHARE = 0.05
FUNCTION_MIN_COUNT = 2500
FUNCTION_O_SHARE = 0.98
#: entry types the filter may drop
FILTER_TYPES = frozenset({"GPE", "LOC", "ORG", "PER", "NORP", "CUR", "PFN", "PLN"})
#: the person-name types, whose rows are always filtered
PERSON_TYPES = frozenset({"PFN", "PLN"})
# SupraVerden keys whose Hindi name is garbled (README: 'quality varies').
_SKIP_ORGS = {"European Central Bank"}


def _deva(text: str) -> bool:
    """True when a string has Devanagari letters (GeoNames lists are not language-tagged)."""
    return any("\u0900" <= c <= "\u097f" for c in text)


def _clean(name: str) -> str:
    """NFC, trimmed; parenthesised qualifiers such as '(डीआरसी)' removed."""
    name = unicodedata.normalize("NFC", name).strip()
    if "(" in name:
        name = name.split("(")[0].strip()
    return " ".join(name.split())


def collect(data: Path, evidence: bool | None = None, person_names: bool | None = None) -> set[tuple[str, str, str]]:
    """All (name, type, source) triples from the sources, less those the corpus evidence rejects if filtering."""
    rows = _collect_all(data)
    evidence = EVIDENCE_FILTER if evidence is None else evidence
    _DROPPED.clear()
    if PERSON_NAMES if person_names is None else person_names:
        # the name lists hold common words (एक, राज्य, विकास, अधिकारी): always filtered by evidence
        people = _person_names()
        rows |= people - dropped_rows(rows | people, data, PERSON_TYPES)
    return rows - dropped_rows(rows, data, FILTER_TYPES - PERSON_TYPES) if evidence else rows


def _collect_all(data: Path) -> set[tuple[str, str, str]]:
    """All (name, type, source) triples from the sources."""
    rows: set[tuple[str, str, str]] = set()
    kb = data / "kb-sources"
    terr = json.loads((kb / "cldr-hi" / "territories.hi.json").read_text(encoding="utf-8"))
    for code, name in terr["main"]["hi"]["localeDisplayNames"]["territories"].items():
        base = code.split("-")[0]
        etype = "LOC" if base.isdigit() else "ORG" if base in ("EU", "UN") else None if base == "EZ" else "GPE"
        if etype:
            rows.add((_clean(name), etype, "region" if etype == "LOC" else "country"))
    with open(kb / "derived-countries-hi" / "countries_hi.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            etype = "ORG" if r["iso2"] in ("EU", "UN") else "GPE"
            for name in [r["name_hi"], *r["names_hi_alt"].split("|")]:
                if name:
                    rows.add((_clean(name), etype, "country"))
            for name in r["capital_names_hi"].split("|"):
                if name:
                    rows.add((_clean(name), "GPE", "capital"))
    with open(kb / "geonames-cities-hi" / "cities15000_hi.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            for name in r["names_hi_deva"].split("|"):
                if name and _deva(name):
                    rows.add((_clean(name), "GPE", "city"))
    orgs = yaml.safe_load((kb / "supraverden-intl-orgs" / "general_list.yaml").read_text(encoding="utf-8"))
    for key, org in orgs.items():
        if isinstance(org, dict) and org.get("Name_hi") and key not in _SKIP_ORGS:
            rows.add((_clean(str(org["Name_hi"]).strip('"')), "ORG", "intl-org"))
    rows |= _from_packages()
    for line in SEED.read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith("#") and line != "name\ttype":
            name, etype = line.split("\t")
            rows.add((_clean(name), etype, "seed"))
    return {r for r in rows if len(r[0]) >= 2}


def _from_packages() -> set[tuple[str, str, str]]:
    """Names from pycountry (subdivisions, currencies) and Babel (languages, currencies)."""
    import pycountry
    from babel import Locale

    rows: set[tuple[str, str, str]] = set()
    sub = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["hi"])
    for s in pycountry.subdivisions:
        name = sub.gettext(s.name)
        if name != s.name and _deva(name):
            rows.add((_clean(name), "GPE", "subdivision"))
    cur = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=["hi"])
    hi = Locale("hi")
    names = [cur.gettext(c.name) for c in pycountry.currencies] + list(hi.currencies.values())
    for name in names:
        if _deva(name):
            rows.add((_clean(name), "CUR", "currency"))
            rows.add((_clean(name).split()[-1], "CUR", "currency"))  # the head noun: डॉलर, रूबल, यूरो
    for name in hi.languages.values():
        if _deva(name) and " " not in name:
            rows.add((_clean(name), "NORP", "language"))
    return rows


def _person_names() -> set[tuple[str, str, str]]:
    """Given names (PFN) and surnames (PLN) from Faker's Devanagari person providers."""
    import importlib

    rows: set[tuple[str, str, str]] = set()
    for loc in PERSON_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr, etype in (("first_names", "PFN"), ("first_names_male", "PFN"), ("first_names_female", "PFN"),
                            ("last_names", "PLN")):
            for name in getattr(provider, attr, ()):
                name = _clean(name)
                if _deva(name) and all("\u0900" <= c <= "\u097f" or c in " \u200c\u200d" for c in name):
                    rows.add((name, etype, "person-names"))
    return rows


def _training_tokens(data: Path) -> list[tuple[list[str], list[str]]]:
    """Training sentences on the stage's tokens: (folded words, IOB2 tags with unmodelled types as MISC)."""
    sys.path.insert(0, str(REPO))
    from ghatna.extract.nerdata import TYPE_MAP_MISC, load_splits, to_text, token_tags
    from ghatna.extract.nerfeatures import fold
    from ghatna.text.tokenize import iter_token_spans

    out = []
    for sent in load_splits(data, TYPE_MAP_MISC).train:
        text, spans = to_text(sent)
        toks = list(iter_token_spans(text, split_hyphens=True))
        out.append(([fold(text[s:e]) for s, e in toks], token_tags(toks, spans)))
    return out


def _evidence(rows: set[tuple[str, str, str]], sentences) -> dict[tuple[str, ...], Counter]:
    """Per gazetteer key, counts over its matches in ``sentences``: all, without names, after a number, MISC."""
    from ghatna.extract.nerfeatures import Gazetteer

    gaz = Gazetteer((n, t) for n, t, _ in rows)
    stats: dict[tuple[str, ...], Counter] = {}
    for words, tags in sentences:
        marks = gaz.match(words)
        i = 0
        while i < len(words):
            if not marks[i]:
                i += 1
                continue
            j = i + 1
            while j < len(words) and marks[j] and marks[j][0].startswith("I-"):
                j += 1
            span = tags[i:j]
            c = stats.setdefault(tuple(words[i:j]), Counter())
            c["n"] += 1
            c["o"] += not any(t[2:] in ("PER", "LOC", "ORG") for t in span)
            c["misc"] += any(t.endswith("MISC") for t in span)
            # a currency word follows a number: a digit or a NUM token among the two before it
            c["num"] += any(any(ch.isdigit() for ch in w) or t.endswith("NUM")
                            for w, t in zip(words[max(0, i - 2):i], tags[max(0, i - 2):i]))
            i = j
    return stats


def _rejected(etype: str, c: Counter, types: frozenset[str] | None = None) -> bool:
    """Whether the evidence ``c`` for one key says a broad-source entry of type ``etype`` is not a name."""
    if c["n"] < MIN_MATCHES or etype not in (FILTER_TYPES if types is None else types):
        return False
    if etype == "CUR":
        return c["num"] / c["n"] < CUR_NUMBER_SHARE
    if etype == "NORP":
        return c["misc"] / c["n"] < NORP_TAG_SHARE
    return c["o"] / c["n"] >= O_SHARE


_DROPPED: list[tuple[tuple[str, str, str], dict[str, int]]] = []  # the last filter's drops, for --dropped


def dropped_rows(rows: set[tuple[str, str, str]], data: Path,
                 types: frozenset[str] | None = None) -> set[tuple[str, str, str]]:
    """Broad-source rows (of ``types``, default ``FILTER_TYPES``) the training split says are not names."""
    types = FILTER_TYPES if types is None else types
    from ghatna.extract.nerfeatures import Gazetteer

    sentences = _training_tokens(data)
    keep, dropped = set(rows), set()
    words, other = Counter(), Counter()
    for ws, tags in sentences:
        words.update(ws)
        other.update(w for w, t in zip(ws, tags) if t != "O")
    function = {w for w, n in words.items() if n >= FUNCTION_MIN_COUNT and 1 - other[w] / n >= FUNCTION_O_SHARE
                and any(ch.isalpha() for ch in w)}
    for r in sorted(keep):
        key = Gazetteer.key(r[0])
        if (r[2] not in CURATED and r[1] in types and len(key) > 1
                and (key[0] in function or key[-1] in function)):
            _DROPPED.append((r, {"function_word": 1}))
            dropped.add(r)
    keep -= dropped
    while True:  # until stable: a dropped long entry can leave a shorter one matching in its place
        stats = _evidence(keep, sentences)
        now = {r for r in keep if r[2] not in CURATED
               and _rejected(r[1], stats.get(Gazetteer.key(r[0]), Counter()), types)}
        if not now:
            return dropped
        _DROPPED.extend((r, dict(stats[Gazetteer.key(r[0])])) for r in sorted(now))
        keep -= now
        dropped |= now


def render(rows: set[tuple[str, str, str]], updated: str) -> str:
    """The TSV text: header comments, column row, sorted unique entries."""
    body = "".join(f"{n}\t{t}\t{s}\n" for n, t, s in sorted(rows))
    people = sum(r[1] in PERSON_TYPES for r, _ in _DROPPED)
    others = len(_DROPPED) - people
    filt = FILTER_LINE.format(min_matches=MIN_MATCHES, o_share=O_SHARE, cur_share=CUR_NUMBER_SHARE,
                              norp_share=NORP_TAG_SHARE, dropped=others) if others else ""
    pn = PEOPLE_LINE.format(min_matches=MIN_MATCHES, o_share=O_SHARE, dropped=people) \
        if any(r[2] == "person-names" for r in rows) else ""
    head = HEADER.format(updated=updated, filter=filt, people=pn)
    return head + "name\ttype\tsource\n" + body


def main() -> int:
    """Build (or with --check, verify) the shipped gazetteer."""
    global MIN_MATCHES, O_SHARE, FILTER_TYPES  # experiments override the thresholds the docstring documents
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--updated", default="2026-11-22")
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    ap.add_argument("--out", default=str(OUT), help="file to write (experiments: not the shipped one)")
    ap.add_argument("--evidence-filter", action=argparse.BooleanOptionalAction, default=EVIDENCE_FILTER,
                    help="drop broad-source entries the training split says are not names")
    ap.add_argument("--person-names", action=argparse.BooleanOptionalAction, default=PERSON_NAMES,
                    help="add Faker's Devanagari given names and surnames (types PFN, PLN)")
    ap.add_argument("--min-matches", type=int, default=MIN_MATCHES)
    ap.add_argument("--o-share", type=float, default=O_SHARE)
    ap.add_argument("--types", default=",".join(sorted(FILTER_TYPES)), help="entry types the filter may drop")
    ap.add_argument("--dropped", help="write the dropped rows with their evidence to this TSV")
    args = ap.parse_args()
    MIN_MATCHES, O_SHARE = args.min_matches, args.o_share
    FILTER_TYPES = frozenset(args.types.split(","))
    text = render(collect(Path(args.data), evidence=args.evidence_filter, person_names=args.person_names), args.updated)
    out = Path(args.out)
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print("gazetteer up to date" if same else "gazetteer differs from sources", file=sys.stderr)
        return 0 if same else 1
    if args.dropped:
        cols = ("n", "o", "num", "misc", "function_word")
        Path(args.dropped).write_text(
            "name\ttype\tsource\tmatches\tno_name\tafter_number\tmisc\tfunction_word\n"
            + "".join("\t".join([*row, *(str(c.get(k, 0)) for k in cols)]) + "\n" for row, c in _DROPPED),
            encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    names = sum(1 for ln in text.splitlines() if ln and not ln.startswith("#")) - 1
    print(f"wrote {out} ({names} names, {len(_DROPPED)} dropped)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
