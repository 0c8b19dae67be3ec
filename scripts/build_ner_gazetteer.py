"""Compile the NER gazetteer (``ghatna/resources/models/ner/gazetteer.tsv``) from open sources.

Sources (licences in the file header and docs/licences.md):
  * ../shared/data/kb-sources: CLDR Hindi territory names incl. -alt- variants (Unicode v3),
    the derived country table (names, variants, capitals), GeoNames cities with Devanagari
    names (CC BY 4.0), SupraVerden organisation names in Hindi (CC BY-SA 4.0);
  * pycountry (iso-codes, LGPL-2.1+ data): Hindi subdivision and currency names;
  * Babel (CLDR, Unicode v3): Hindi language names, used as nationality adjectives (NORP),
    currency names;
  * ghatna/resources/hi/ner_seed.tsv: the team's hand-curated names (CC0).

Types: GPE (country, subdivision, city), LOC (world region), ORG, PER, NORP, CUR. The source column
(seed, country, capital, region, city, subdivision, intl-org, currency, language) tells the NER stage
which names are curated enough to be tagged by exact match (seed, country, intl-org).
Entries are NFC, sorted and unique. Run: ``python scripts/build_ner_gazetteer.py [--data DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import sys
import unicodedata
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
    "# updated: {updated}\n"
)
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


def collect(data: Path) -> set[tuple[str, str, str]]:
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


def render(rows: set[tuple[str, str, str]], updated: str) -> str:
    """The TSV text: header comments, column row, sorted unique entries."""
    body = "".join(f"{n}\t{t}\t{s}\n" for n, t, s in sorted(rows))
    return HEADER.format(updated=updated) + "name\ttype\tsource\n" + body


def main() -> int:
    """Build (or with --check, verify) the shipped gazetteer."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--updated", default="2026-11-22")
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    args = ap.parse_args()
    text = render(collect(Path(args.data)), args.updated)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("gazetteer up to date" if same else "gazetteer differs from sources", file=sys.stderr)
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 4} names)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
