"""KrutiDev legacy-font Hindi: conversion to Unicode, detection, and its refusal to fire on other text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from ghatna.ingest.legacy import (
    KRUTIDEV,
    MIN_CONVERSION_QUALITY,
    conversion_quality,
    convert_krutidev,
    detect_legacy_font,
    legacy_font_evidence,
)
from ghatna.resources.loader import read_tsv

from .badinputs import LEGACY_KRUTIDEV, LEGACY_UNICODE

# Words typed by hand in KrutiDev 010 and the Unicode they stand for. Each exercises a rule:
# half form + "k" (भ, श, ष, ण, थ, ध), pre-base "f" before a conjunct, reph "Z" after matras,
# ra-phala "z"/"ª", nukta "+", ligature glyphs (Ø क्र, } द्व, | द्य, ) द्ध, í द्द, = त्र, { क्ष, K ज्ञ, J श्र).
WORDS = [
    ("Hkkjr", "भारत"),
    ("vkSj", "और"),
    ("gS", "है"),
    ("esa", "में"),
    ("fLFkfr", "स्थिति"),
    ("ikVhZ", "पार्टी"),
    ("dk;ZØe", "कार्यक्रम"),
    ("fuekZ.k", "निर्माण"),
    ("dhfrZ", "कीर्ति"),
    ("izn'kZu", "प्रदर्शन"),
    ('jk"Vªh;', "राष्ट्रीय"),
    ("iz/kkuea=h", "प्रधानमंत्री"),
    ("fo'o", "विश्व"),
    ("}kjk", "द्वारा"),
    ("fo|ky;", "विद्यालय"),
    ("'kq)", "शुद्ध"),
    ("mís';", "उद्देश्य"),
    ("MkWDVj", "डॉक्टर"),
    ("t+:jr", "ज़रूरत"),
    ('o"kZ', "वर्ष"),
    ("ifjorZu", "परिवर्तन"),
    ("fu.kZ;", "निर्णय"),
    ("dk;ksZa", "कार्यों"),
    ("{ks=", "क्षेत्र"),
    ("Kku", "ज्ञान"),
    ("Jh", "श्री"),
    ("#i;s", "रुपये"),
    ("fnYyh", "दिल्ली"),
    ("ubZ", "नई"),
    ("mUgksaus", "उन्होंने"),
    ("vkWLVªsfy;k", "ऑस्ट्रेलिया"),
    ("?kks\"k.kk", "घोषणा"),
    ("ek¡x", "माँग"),
    ("Lokxr", "स्वागत"),
    ("fpfdRld", "चिकित्सक"),
]

# Three sentences typed by hand in KrutiDev, with their Unicode ("Vsª": ra-phala typed after the
# vowel sign, as many typists do).
SENTENCES = [
    ("eqacbZ esa Hkkjh ckfj'k ds dkj.k yksdy Vsªusa nks ?kaVs nsj ls pyhaA",
     "मुंबई में भारी बारिश के कारण लोकल ट्रेनें दो घंटे देर से चलीं।"),
    ("f'k{kk ea=h us dgk fd vxys o\"kZ ls lHkh fo|ky;ksa esa fgUnh vfuok;Z gksxhA",
     "शिक्षा मंत्री ने कहा कि अगले वर्ष से सभी विद्यालयों में हिन्दी अनिवार्य होगी।"),
    ("fØdsV Vhe us ^vkWLVsªfy;k* dks N% fodsV ls gjk;k] dIrku us [kqf'k;ksa dk btgkj fd;kA",
     "क्रिकेट टीम ने ‘ऑस्ट्रेलिया’ को छः विकेट से हराया, कप्तान ने खुशियों का इजहार किया।"),
]

# English and other Latin-script text the detector must leave alone.
ENGLISH_NEWS = """The finance ministry said on Tuesday that the fiscal deficit narrowed to 5.1 per cent of
GDP in the last quarter, helped by higher tax collections and lower spending on subsidies. Officials
told reporters that the government would keep its borrowing target unchanged for the rest of the year.
Analysts at two Mumbai brokerages said the numbers were better than expected, but warned that a weak
monsoon could still push food prices up. The central bank meets next week to review interest rates."""
ENGLISH_SHORT = "Tell us what you think: join us at the town hall on Friday."
URLS = """https://www.example.com/news/india/delhi-metro-phase-4-approved-2024-06-21.html
http://ds.example.org/gS/esa/vkSj?id=42&ref=home#top
ftp://mirror.example.net/pub/ls-lR.gz www.example.in/fd/dk/ds"""
CODE = """def read(fd, n):
    ds = os.read(fd, n)  # ls, cd, dd, fd are shell words
    for k in ds: us.append(k); dk[k] = ds[k]
    return ds if ds else None
$ ls -la /tmp && cd ~/ds && rg 'esa' --type py | wc -l"""
MIXED = ("प्रधानमंत्री ने कहा कि Digital India कार्यक्रम से गाँवों में internet पहुँचा है। "
         "उन्होंने startups के लिए नई policy की घोषणा भी की।")
HINGLISH = ("Kal Delhi mein bahut baarish hui aur traffic jam ho gaya. Log office der se pahunche, "
            "par metro sahi samay par chal rahi thi. Sarkar ne kaha ki naale saaf kiye jaayenge.")
UNICODE_HINDI = LEGACY_UNICODE


@pytest.mark.parametrize("legacy, unicode", WORDS, ids=[u for _, u in WORDS])
def test_convert_krutidev_words(legacy: str, unicode: str) -> None:
    assert convert_krutidev(legacy) == unicode


@pytest.mark.parametrize("legacy, unicode", SENTENCES, ids=["mumbai", "shiksha", "cricket"])
def test_convert_krutidev_sentences(legacy: str, unicode: str) -> None:
    assert convert_krutidev(legacy) == unicode


def test_convert_krutidev_paragraph_keeps_layout() -> None:
    assert convert_krutidev(LEGACY_KRUTIDEV) == LEGACY_UNICODE


def test_convert_krutidev_word_table_agrees() -> None:
    # the detector's word list doubles as a conversion check (dateparser-style integrity test)
    rows = read_tsv("fonts/krutidev_words.tsv")
    assert len(rows) >= 60
    wrong = [(r["legacy"], r["unicode"], convert_krutidev(r["legacy"])) for r in rows
             if convert_krutidev(r["legacy"]) != r["unicode"]]
    assert wrong == []


def test_convert_krutidev_table_is_well_formed() -> None:
    rows = read_tsv("fonts/krutidev.tsv")
    legacy = [r["legacy"] for r in rows]
    assert len(legacy) == len(set(legacy)) and len(legacy) > 120
    assert all(r["unicode"] for r in rows)
    # every lowercase and uppercase ASCII letter is a KrutiDev glyph code
    assert set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") <= set(legacy)
    assert convert_krutidev("#") == "रु"  # the row stored as U+0023


def test_convert_krutidev_leaves_non_glyph_characters() -> None:
    assert convert_krutidev("2024 \n\t!") == "2024 \n\t!"


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80))
def test_convert_krutidev_never_leaks_placeholders(text: str) -> None:
    out = convert_krutidev(text)
    assert "\ue001" not in out and "\ue002" not in out


def test_detect_krutidev_paragraph_and_sentences() -> None:
    assert detect_legacy_font(LEGACY_KRUTIDEV) == KRUTIDEV
    for legacy, _ in SENTENCES:
        assert detect_legacy_font(legacy) == KRUTIDEV, legacy


def test_detect_krutidev_short_title() -> None:
    assert detect_legacy_font("fnYyh esa ubZ esVªks ykbu dk mn~?kkVu gqvk") == KRUTIDEV


@pytest.mark.parametrize("text", [ENGLISH_NEWS, ENGLISH_SHORT, URLS, CODE, MIXED, HINGLISH, UNICODE_HINDI,
                                  "", "ok", "Press ds to continue", "US and UK leaders met in DC"],
                         ids=["english-news", "english-short", "urls", "code", "mixed", "hinglish",
                              "unicode-hindi", "empty", "tiny", "ds-in-english", "acronyms"])
def test_detect_never_fires_on_other_text(text: str) -> None:
    assert detect_legacy_font(text) is None


def test_detect_evidence_separates_english_from_krutidev() -> None:
    english = legacy_font_evidence(ENGLISH_NEWS)
    legacy = legacy_font_evidence(LEGACY_KRUTIDEV)
    assert english["k_share"] < 0.03 < 0.08 < legacy["k_share"]
    assert english["bigram_share"] < 0.1 < 0.2 < legacy["bigram_share"]
    assert english["english_share"] > 0.1 and legacy["english_share"] == 0
    assert legacy["word_share"] > 0.3 and english["word_share"] < 0.05


def test_conversion_quality_high_for_real_conversions() -> None:
    assert conversion_quality(convert_krutidev(LEGACY_KRUTIDEV)) == 1.0
    for legacy, _ in SENTENCES:
        assert conversion_quality(convert_krutidev(legacy)) >= MIN_CONVERSION_QUALITY


def test_conversion_quality_low_when_input_was_not_krutidev() -> None:
    # were the detector ever wrong, the converted text would still be refused (E105)
    assert conversion_quality(convert_krutidev(ENGLISH_NEWS)) < MIN_CONVERSION_QUALITY
    assert conversion_quality(convert_krutidev(CODE)) < MIN_CONVERSION_QUALITY
    assert conversion_quality("Hkkjr esa") == 0.0  # nothing converted: all Latin
    assert conversion_quality("") == 0.0
