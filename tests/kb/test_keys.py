"""kb.keys: honorifics stripped, acronyms read in both scripts."""

from __future__ import annotations

import pytest

from ghatna.kb.keys import acronym_key, name_keys, strip_honorifics


@pytest.mark.parametrize(("text", "letters"), [
    ("एससीओ", "SCO"), ("SCO", "SCO"), ("S.C.O.", "SCO"), ("यूएनजीए", "UNGA"), ("एमईए", "MEA"), ("ईआरआई", "ERI"),
    ("जी20", "G20"), ("जी-20", "G20"), ("G20", "G20"), ("डब्ल्यूएचओ", "WHO"), ("बीजेपी", "BJP"),
])
def test_keys_acronym_read_in_either_script(text: str, letters: str) -> None:
    assert acronym_key(text) == letters


@pytest.mark.parametrize("text", ["भारत", "जी", "एक", "Putin", "रूस", "U", ""])
def test_keys_ordinary_words_are_not_acronyms(text: str) -> None:
    assert acronym_key(text) == ""


@pytest.mark.parametrize(("text", "name"), [
    ("एचई कासिम-जोमार्ट टोकाएव", "कासिम-जोमार्ट टोकाएव"), ("श्री नरेंद्र मोदी", "नरेंद्र मोदी"), ("मोदी जी", "मोदी"),
    ("डॉ. मनमोहन सिंह", "मनमोहन सिंह"), ("Mr Putin", "Putin"), ("श्री", "श्री"),
])
def test_keys_strip_honorifics(text: str, name: str) -> None:
    assert strip_honorifics(text) == name


def test_keys_name_keys_of_honorific_form_equal_plain() -> None:
    assert name_keys("महामहिम व्लादिमीर पुतिन") == name_keys("व्लादिमीर पुतिन")
