"""WordList answers what the loops over a word list it replaced answered (pipeline/text/wordlist.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors import indicators, targets
from pipeline.text.wordlist import WordList

# few characters, so that words and texts overlap often
_CHARS = st.sampled_from("达到不低于超过以上建设计划的")
_WORDS = st.lists(st.text(_CHARS, min_size=1, max_size=4), min_size=1, max_size=12)
_TEXT = st.text(_CHARS, max_size=30)


def _loop_ending(words, text, start, end):
    for w in sorted(words, key=len, reverse=True):
        if text.endswith(w, start, end) and end - len(w) >= start:
            return w
    return ""


def _loop_starting(words, text, pos, end):
    for w in sorted(words, key=len, reverse=True):
        if text.startswith(w, pos) and pos + len(w) <= end:
            return w
    return ""


@given(_WORDS, _TEXT, st.integers(0, 30), st.integers(0, 30))
def test_ending_and_starting_are_the_longest_word_there(words, text, a, b):
    wl = WordList(words)
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert wl.ending(text, end, start) == _loop_ending(words, text, start, end)
    assert wl.starting(text, start, end) == _loop_starting(words, text, start, end)


@given(_WORDS, _TEXT, st.integers(0, 30))
def test_search_and_occurring_find_what_find_finds(words, text, pos):
    wl = WordList(words)
    firsts = [i for w in words if (i := text.find(w, pos)) >= 0]
    m = wl.search(text, pos)
    assert (m.start() if m else None) == (min(firsts) if firsts else None)
    assert wl.occurring(text, pos) == [w for w in wl.words if text.find(w, pos) >= 0]


def test_the_lexicons_hold_their_words_longest_first():
    link = indicators._cues()["link"]
    assert len(link) > 100 and link.words[0] in link.words  # the comparator and link words
    assert link.ending("“双师型”教师比例达到") == "达到"
    assert targets._lexicon()["prefix_words"].ending("职普比不低于") == "不低于"
    assert targets._lexicon()["prefix_words"].ending("职普比") == ""
