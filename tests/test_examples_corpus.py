"""Checks on the team's own example corpus in examples/ (what `make run` ingests).

The corpus must stay ours (no run of 12 words shared with the third-party samples in
../shared/samples), stay clean Unicode, and keep carrying every kind of scraping noise
that the ingest and extract stages must cope with.  examples/README.md holds the noise
inventory; the detectors below are the definition of each kind, and a test keeps the
two in agreement.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("GHATNA_SHARED", ROOT.parent / "shared"))
SAMPLES = SHARED / "samples"

TOPIC_MINIMUMS = {"diplomacy": 10, "politics": 6, "economy": 6, "sport": 4, "security": 4, "science": 2}
MIN_WORDS, MAX_WORDS = 120, 450
RUN_LENGTH = 12  # words; a shared run this long means copied text
NEAR_DUPLICATE_JACCARD = 0.25  # of 5-word shingles; our articles share far less

DEVANAGARI_LETTER = "[\u0900-\u0963\u0971-\u097f]"  # letters and signs, without danda and digits
WORD_RE = re.compile(r"[\u0900-\u0963\u0966-\u097f]+|[A-Za-z]+|[0-9]+")
HINDI_MONTHS = "जनवरी|फरवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्टूबर|नवंबर|दिसंबर"
YEAR_RE = re.compile(r"(?<![0-9०-९])(?:19|20)[0-9]{2}(?![0-9०-९])")
DAY_MONTH_RE = re.compile(rf"(?<![0-9])[0-9]{{1,2}} (?:{HINDI_MONTHS})")


def nfc(pattern: str) -> re.Pattern[str]:
    """Compile a pattern after NFC, so nukta letters match the NFC files."""
    return re.compile(unicodedata.normalize("NFC", pattern))


def whole_word(alternatives: str) -> str:
    """Wrap alternatives so they match only as whole Devanagari words (\\b misreads matras)."""
    return rf"(?<!{DEVANAGARI_LETTER})(?:{alternatives})(?!{DEVANAGARI_LETTER})"


# One regex per line-shaped noise kind; each is matched against single lines.
LINE_KINDS: dict[str, re.Pattern[str]] = {
    "header-publisher": nfc(r"^[A-Za-z][A-Za-z .&'-]+ \| \d{4}-\d{2}-\d{2}$"),
    "header-by": nfc(r"^By [A-Z][A-Za-z. ]+ \| (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}$"),
    "header-prakashit": nfc(rf"^प्रकाशित: \d{{1,2}} (?:{HINDI_MONTHS}) \d{{4}}$"),
    "dateline-city": nfc(r"^[\u0900-\u0963\u0966-\u097f]+(?: [\u0900-\u0963\u0966-\u097f]+)?(?: \([^()]+\))?। \S"),
    "dateline-agency": nfc(r"^एजेन्सी/[^\s:]+(?: [^\s:]+)? : \S"),
    "dateline-bhasha": nfc(rf"^[^\s,]+(?: [^\s,]+)?, \d{{1,2}} (?:{HINDI_MONTHS}) \((?:भाषा|वार्ता)\) \S"),
    "ad-vigyapan": nfc(r"^\[विज्ञापन_\d+\]$"),
    "ad-latin": nfc(r"^\[ad_\d+\]$"),
    "ad-word": nfc(r"^Advertisement$"),
    "comments-tippani": nfc(r"^टिप्पणी \(\d+\)$"),
    "comments-tippaniyan": nfc(r"^टिप्पणियाँ \(\d+\)$"),
    "comments-en": nfc(r"^Comments \(\d+\)$"),
    "source-url": nfc(r"^स्रोत: https?://\S+$"),
    "source-agency": nfc(r"^Source ?: [A-Z][A-Za-z]+$"),
    "readmore-yah": nfc(r"^यह भी पढ़ें: \S"),
    "readmore-ye": nfc(r"^ये भी पढ़ें- ?\S"),
    "readmore-en": nfc(r"^Read more: \S"),
    "share": nfc(r"^शेयर करें: \S"),
    "follow": nfc(r"^हमें फॉलो करें[:\s]"),
    "caption-hi": nfc(r"(?<!\()फोटो: [^()]+$"),
    "caption-paren": nfc(r"\(फोटो: [^()]+\)$"),
    "caption-en": nfc(r"Photo: \S[^()]*$"),
    "byline-report": nfc(r"^रिपोर्ट: \S"),
    "byline-agency": nfc(r"^[^\s()]+(?: [^\s()]+){0,3} \([^()]*के अनुसार\)$"),
}
HEADER_KINDS = ("header-publisher", "header-by", "header-prakashit")
CAPTION_KINDS = ("caption-hi", "caption-paren", "caption-en")
DATELINE_KINDS = ("dateline-city", "dateline-agency", "dateline-bhasha")
TRANSLATED_FROM = nfc(r"^स्रोत: https?://[^/\s]+\.(?:ru|vn|cn|fr|kz)(?:/|$)")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SENTENCE_END = nfc(r"[।?!.][\"'”’]?$")
RELATIVE_DATE = nfc(
    whole_word("सोमवार|मंगलवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार") + " को"
    + "|" + whole_word("कल|आज|परसों")
    + "|" + whole_word("पिछले|अगले|बीते|इस") + " " + whole_word("सप्ताह|हफ्ते|महीने|माह|वर्ष|साल")
)
# Spellings of one name that scraped Hindi news mixes, sometimes within one article.
VARIANT_GROUPS = [
    {"पुतिन", "पूतिन"},
    {"तोकायेव", "टोकायेव", "तोकाएव", "टोकाएव"},
    {"कज़ाख़स्तान", "कजाखस्तान", "कज़ाखस्तान", "कज़ाकिस्तान", "कजाकिस्तान"},
    {"ज़ेलेंस्की", "जेलेंस्की"},
    {"जिनपिंग", "चिनफिंग"},
    {"गुटेरेस", "गुतारेस"},
    {"लावरोव", "लवरोव"},
    {"शहबाज़", "शहबाज", "शाहबाज़", "शाहबाज"},
    {"अरशद", "अर्शद"},
    {"मैक्रों", "मैक्रॉन"},
    {"आज़ाद", "आजाद"},
]
VARIANT_GROUPS = [{unicodedata.normalize("NFC", v) for v in group} for group in VARIANT_GROUPS]
NUKTA = "\u093c"
NUKTA_BASES = "कखगजफ"  # ड़/ढ़ are letters of their own in Hindi, not optional nukta forms


def read_text(path: Path) -> str:
    """Read a corpus file strictly as UTF-8."""
    return path.read_bytes().decode("utf-8")


def words_of(text: str) -> list[str]:
    """Split text into Devanagari, Latin and digit words, dropping punctuation."""
    return WORD_RE.findall(text)


def article_lines(text: str) -> list[str]:
    """Return the non-blank lines of an article, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def is_noise_line(line: str) -> bool:
    """Tell whether a line is one of the boilerplate shapes rather than prose."""
    prose_starts = DATELINE_KINDS
    return any(rx.search(line) for kind, rx in LINE_KINDS.items() if kind not in prose_starts)


def title_and_subtitle(lines: list[str]) -> tuple[str, str | None, int]:
    """Find the title, the subtitle (or None) and the index of the first body line."""
    start = 1 if any(LINE_KINDS[k].search(lines[0]) for k in HEADER_KINDS) else 0
    title = lines[start]
    candidate = lines[start + 1]
    opens_body = any(LINE_KINDS[k].search(candidate) for k in DATELINE_KINDS)
    if not opens_body and not SENTENCE_END.search(candidate) and not is_noise_line(candidate):
        return title, candidate, start + 2
    return title, None, start + 1


def title_is_cut(lines: list[str]) -> bool:
    """Tell whether the title ends in a stub of a word that the body spells out in full."""
    title, _, body_start = title_and_subtitle(lines)
    title_words = words_of(title)
    if not title_words or SENTENCE_END.search(title):
        return False
    stub = title_words[-1]
    body_words = set(words_of("\n".join(lines[body_start:])))
    return stub not in body_words and any(w.startswith(stub) and len(w) > len(stub) for w in body_words)


def has_nukta_pair(text: str) -> bool:
    """Tell whether a word occurs both with an optional nukta and without it."""
    words = set(words_of(text))
    for word in words:
        if NUKTA not in word:
            continue
        folded = re.sub(f"([{NUKTA_BASES}]){NUKTA}", r"\1", word)
        if folded != word and NUKTA not in folded and folded in words:
            return True
    return False


def has_variants(text: str) -> bool:
    """Tell whether two spellings of one name occur in the same article."""
    words = set(words_of(text))
    return any(len(group & words) >= 2 for group in VARIANT_GROUPS)


def has_latin_in_prose(lines: list[str]) -> bool:
    """Tell whether a Hindi prose line carries a Latin-script name or acronym."""
    return any(
        not is_noise_line(line) and re.search(DEVANAGARI_LETTER, line) and LATIN_WORD.search(line)
        for line in lines
    )


def is_undated(text: str, lines: list[str]) -> bool:
    """Tell whether no header and no year anywhere says when the article appeared."""
    has_header = any(LINE_KINDS[k].search(lines[0]) for k in HEADER_KINDS)
    return not has_header and not YEAR_RE.search(text)


def caption_has_date(lines: list[str]) -> bool:
    """Tell whether a photo caption carries a date of its own."""
    return any(
        any(LINE_KINDS[k].search(line) for k in CAPTION_KINDS)
        and (YEAR_RE.search(line) or DAY_MONTH_RE.search(line))
        for line in lines
    )


WHOLE_TEXT_KINDS: dict[str, Callable[[str, list[str]], bool]] = {
    "caption-dated": lambda text, lines: caption_has_date(lines),
    "title-cut": lambda text, lines: title_is_cut(lines),
    "subtitle": lambda text, lines: title_and_subtitle(lines)[1] is not None,
    "latin-in-hindi": lambda text, lines: has_latin_in_prose(lines),
    "name-variants": lambda text, lines: has_variants(text),
    "nukta-pair": lambda text, lines: has_nukta_pair(text),
    "translated": lambda text, lines: any(TRANSLATED_FROM.search(line) for line in lines),
    "undated": is_undated,
    "relative-date": lambda text, lines: bool(RELATIVE_DATE.search(text)),
}
ALL_KINDS = [*LINE_KINDS, *WHOLE_TEXT_KINDS]
KIND_MINIMUMS = {kind: 3 for kind in ALL_KINDS} | {"undated": 2}


def detect_kinds(text: str) -> set[str]:
    """Return the noise kinds that an article carries."""
    lines = article_lines(text)
    found = {kind for kind, rx in LINE_KINDS.items() if any(rx.search(line) for line in lines)}
    # a dateline opens the first body paragraph; elsewhere the same shape is just prose
    first_body = lines[title_and_subtitle(lines)[2]]
    found -= {k for k in DATELINE_KINDS if not LINE_KINDS[k].search(first_body)}
    found |= {kind for kind, test in WHOLE_TEXT_KINDS.items() if test(text, lines)}
    return found


def example_files() -> list[Path]:
    """List the corpus articles in name order."""
    return sorted(EXAMPLES.glob("*.txt"))


def readme_inventory() -> dict[str, set[str]]:
    """Parse the file -> noise kinds table of examples/README.md."""
    rows = re.findall(r"^\| `([a-z]+_\d{2}\.txt)` \| [a-z]+ \| (.*?) \|$", (EXAMPLES / "README.md").read_text("utf-8"), re.M)
    return {name: set(re.findall(r"`([a-z-]+)`", kinds)) for name, kinds in rows}


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    """Return the set of runs of `size` consecutive words."""
    words = words_of(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


FILES = example_files()


def test_corpus_has_enough_articles_per_topic():
    """The corpus holds at least 30 articles, named <topic>_<nn>.txt, with every topic covered."""
    assert len(FILES) >= 30
    assert (EXAMPLES / "diplomacy_01.txt").is_file()  # named in the Makefile's `make run` hint
    topics = [p.name.rsplit("_", 1)[0] for p in FILES]
    assert all(re.fullmatch(r"[a-z]+_\d{2}\.txt", p.name) for p in FILES)
    assert set(topics) <= set(TOPIC_MINIMUMS)
    for topic, minimum in TOPIC_MINIMUMS.items():
        assert topics.count(topic) >= minimum, topic


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_article_is_utf8_nfc_devanagari_and_short(path):
    """Each article is BOM-less NFC UTF-8, mostly Devanagari, and 120-450 words long."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    devanagari = len(re.findall(DEVANAGARI_LETTER, text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert devanagari / (devanagari + latin) >= 0.85
    assert MIN_WORDS <= len(text.split()) <= MAX_WORDS


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_noise_kind_is_spread_over_files(kind):
    """Every kind of scraping noise appears in at least three articles (undated: two)."""
    carriers = [p.name for p in FILES if kind in detect_kinds(read_text(p))]
    assert len(carriers) >= KIND_MINIMUMS[kind], carriers


def test_readme_inventory_matches_the_articles():
    """examples/README.md lists every article with exactly the noise kinds it carries."""
    inventory = readme_inventory()
    assert set(inventory) == {p.name for p in FILES}
    for path in FILES:
        assert inventory[path.name] == detect_kinds(read_text(path)), path.name


@pytest.mark.parametrize(
    "text",
    [
        "भारत और जापान के बीच वार्ता\nदोनों देशों के प्रतिनिधियों ने व्यापार पर चर्चा की।\n"
        "बैठक में कई सुझाव आए और अधिकारियों ने उन पर विचार किया। बैठक 2021 में हुई।",
    ],
)
def test_detectors_find_nothing_in_clean_prose(text):
    """A clean dated article with a plain title carries no noise kind at all."""
    assert detect_kinds(text) == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("शीर्षक यहाँ समझौते पर हस्ता\nमंत्रियों ने समझौते पर हस्ताक्षर किए। यह 2020 की बात है।", "title-cut"),
        ("शीर्षक\nपुतिन ने कहा। पूतिन ने फिर कहा। यह 2020 की बात है।", "name-variants"),
        ("शीर्षक\nउसे ज़रूरत थी। सबको जरूरत है। यह 2020 की बात है।", "nukta-pair"),
        ("शीर्षक\nबातचीत हुई। यह 2020 की बात है।\nफोटो के साथ, 3 मई 2020। फोटो: PTI", "caption-dated"),
        ("शीर्षक\nबातचीत मंगलवार को हुई। यह 2020 की बात है।", "relative-date"),
    ],
)
def test_detectors_find_their_kind(text, kind):
    """Each whole-text detector fires on a minimal article that carries its kind."""
    assert kind in detect_kinds(text)


def test_no_example_shares_a_long_run_with_the_third_party_samples():
    """No article repeats 12 consecutive words of the scraped samples, so we never ship them."""
    if not SAMPLES.is_dir():
        pytest.skip(f"third-party samples not found at {SAMPLES} (set GHATNA_SHARED)")
    sample_runs = set().union(*(shingles(read_text(p), RUN_LENGTH) for p in SAMPLES.glob("*.txt")))
    assert sample_runs, "samples were found but yielded no text"
    for path in FILES:
        shared = shingles(read_text(path), RUN_LENGTH) & sample_runs
        assert not shared, (path.name, " ".join(next(iter(shared))))


def test_no_two_examples_are_near_identical():
    """No two articles share more than a quarter of their 5-word shingles."""
    sets = {p.name: shingles(read_text(p), 5) for p in FILES}
    for (a, sa), (b, sb) in itertools.combinations(sets.items(), 2):
        jaccard = len(sa & sb) / len(sa | sb)
        assert jaccard < NEAR_DUPLICATE_JACCARD, (a, b, round(jaccard, 3))
