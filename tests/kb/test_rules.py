"""Article words for the linker's rules: offsets, keys, and where role phrases may start."""

from __future__ import annotations

import pytest

from ghatna.kb.rules import Words, honorific_before, role_at, role_ending_at
from ghatna.kb.keys import ortho_key


def test_rules_words_offsets_keys_and_trailing_stop() -> None:
    text = "डॉ. एस. जयशंकर ने कहा, रूस-कज़ाख़िस्तान"
    w = Words(text)
    words = [w.word(i) for i in range(len(w))]
    assert words == ["डॉ", "एस", "जयशंकर", "ने", "कहा", "रूस", "कज़ाख़िस्तान"]
    assert all(text[s:e] == word for s, e, word in zip(w.starts, w.ends, words))
    assert w.orthos == [ortho_key(x) for x in ("डॉ.", "एस.", "जयशंकर", "ने", "कहा", "रूस", "कज़ाख़िस्तान")]
    assert w.at_start(text.index("जयशंकर")) == 2 and w.at_end(text.index("जयशंकर") + len("जयशंकर")) == 2
    assert w.at_start(1) is None and w.at_end(len("डॉ")) == 0  # the span of डॉ. ends before its full stop


def test_rules_words_joined_by_spaces_or_hyphen_only() -> None:
    w = Words("रूस-कज़ाख़िस्तान संबंध, भारत")
    assert w.joined(0, 1) and w.joined(1, 2) and not w.joined(2, 3) and not w.joined(0, 2)


@pytest.mark.parametrize("text", [
    "रूसी संघ के राष्ट्रपति ने कहा कि प्रधानमंत्री और विदेश मंत्री आएंगे।",
    "पूर्व राष्ट्रपति, राष्ट्रपति पद और श्री नरेंद्र मोदी",
    "",
])
def test_rules_role_starts_are_the_only_words_a_role_can_start_at(text: str) -> None:
    w = Words(text)
    starts = w.role_starts()
    assert starts == sorted(starts)
    assert [i for i in range(len(w)) if role_at(w, i) is not None] == [i for i in starts if role_at(w, i)]


def test_rules_role_and_honorific_lookups() -> None:
    w = Words("रूसी संघ के राष्ट्रपति श्री पुतिन")
    assert role_at(w, 3) == (1, "president") and role_at(w, 2) is None
    assert role_ending_at(w, 3) == (3, "president")
    assert honorific_before(w, 5) == 4 and honorific_before(w, 4) is None
