"""Stories: one happening told by several publishers clusters; other happenings with the same actors stay apart."""

from __future__ import annotations

import doctest

import pytest

from ghatna.cluster import daterange, stories
from ghatna.cluster.stories import StoryDoc, StoryParams, Vocabulary, cluster_stories, event_signature
from ghatna.crossdoc import run_crossdoc


def _partition(result_stories, name) -> set[frozenset[str]]:
    """Return the stories as sets of article file names."""
    return {frozenset(name(m.article_id) for m in s.members) for s in result_stories}


def test_stories_team_articles_cluster_by_happening(corpus) -> None:
    result = run_crossdoc(corpus.inputs)
    assert _partition(result.stories, corpus.name) == {
        frozenset({"astana_a", "astana_a_reprint", "astana_b"}),  # one meeting: two tellings and a reprint
        frozenset({"call_a", "call_b", "call_c"}),  # one phone call told three ways
        frozenset({"astana_xi"}),  # Tokayev and Astana again, but another visit
        frozenset({"delhi_japan"}),  # Jaishankar and a meeting again, but another one
    }


def test_stories_same_story_told_two_ways_joins_without_its_reprint(corpus) -> None:
    wanted = {corpus.ids["astana_a"], corpus.ids["astana_b"]}
    result = run_crossdoc([i for i in corpus.inputs if i.id in wanted])
    assert len(result.stories) == 1
    member = {m.article_id: m for m in result.stories[0].members}
    assert member[corpus.ids["astana_b"]].how in ("similar", "seed")


@pytest.mark.parametrize("pair", [("astana_a", "delhi_japan"), ("astana_b", "astana_xi"), ("call_a", "astana_a")])
def test_stories_shared_actors_different_happenings_stay_apart(corpus, pair) -> None:
    wanted = {corpus.ids[n] for n in pair}
    result = run_crossdoc([i for i in corpus.inputs if i.id in wanted])
    assert len(result.stories) == 2


def test_stories_reprint_follows_its_representative(corpus) -> None:
    result = run_crossdoc(corpus.inputs)
    story = next(s for s in result.stories if corpus.ids["astana_a"] in {m.article_id for m in s.members})
    hows = {corpus.name(m.article_id): m.how for m in story.members}
    assert sorted(hows.values()) == ["duplicate", "seed", "similar"]
    assert story.first_date == "2024-07-04" and story.last_date == "2024-07-05"
    assert "ghatna:kassym-jomart-tokayev" in story.entities and "ghatna:subrahmanyam-jaishankar" in story.entities


def test_stories_time_window_separates_same_text_months_apart() -> None:
    text = "तोकायेव जयशंकर अस्ताना मुलाकात यूरेनियम चाबहार गलियारा"
    ents = (("Q1", 2), ("Q2", 2))
    docs = [StoryDoc("a", "2024-07-04", text, entities=ents), StoryDoc("b", "2024-07-06", text, entities=ents),
            StoryDoc("c", "2024-09-20", text, entities=ents)]
    got = [[m.article_id for m in s.members] for s in cluster_stories(docs)]
    assert got == [["a", "b"], ["c"]]
    wide = [[m.article_id for m in s.members] for s in cluster_stories(docs, StoryParams(window_days=90))]
    assert wide == [["a", "b", "c"]]


def test_stories_undated_articles_join_last_without_window() -> None:
    text = "तोकायेव जयशंकर अस्ताना मुलाकात यूरेनियम चाबहार"
    docs = [StoryDoc("u", None, text, entities=(("Q1", 1),)), StoryDoc("d", "2024-07-04", text, entities=(("Q1", 1),))]
    (story,) = cluster_stories(docs)
    assert [m.article_id for m in story.members] == ["d", "u"]
    assert story.first_date == story.last_date == "2024-07-04"


def test_stories_every_article_in_exactly_one_story(corpus) -> None:
    result = run_crossdoc(corpus.inputs)
    members = [m.article_id for s in result.stories for m in s.members]
    assert sorted(members) == sorted(i.id for i in corpus.inputs)
    assert len({s.id for s in result.stories}) == len(result.stories)


def test_stories_ids_are_stable_across_runs_and_input_order(corpus) -> None:
    one = {s.id: {m.article_id for m in s.members} for s in run_crossdoc(corpus.inputs).stories}
    two = {s.id: {m.article_id for m in s.members} for s in run_crossdoc(list(reversed(corpus.inputs))).stories}
    assert one == two


def test_stories_vocabulary_drops_stop_words_and_numbers_and_folds_spelling() -> None:
    v = Vocabulary()
    ids, counts = v.encode("भारत और कज़ाख़स्तान के बीच 2024 में कजाखस्तान यूरेनियम")
    words = dict(zip((v.words[i] for i in ids), counts.tolist()))
    assert words["कजाखस्तान"] == 2 and "यूरेनियम" in words
    assert "और" not in words and "के" not in words and "2024" not in words


def test_stories_event_signature_ignores_direction() -> None:
    assert event_signature("CONSULT", ["B"], ["A"]) == event_signature("CONSULT", ["A"], ["B"]) == "CONSULT|A,B"


@pytest.mark.parametrize("module", [stories, daterange])
def test_stories_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
