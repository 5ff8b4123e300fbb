"""Every rule is linear in its input (issue 19): doubling an adversarial run at most ~doubles the work.

Work is counted, not timed (house rule): the Python lines executed inside ``pipeline`` while one text
is extracted. The regular expressions run in C and are invisible to that count, so their property is
checked directly: a pattern never restarts inside a run it already failed on (retrying every position
of a run is what made ``'1' * 10000`` and dot leaders quadratic). Seconds per MB of each family are
printed by ``benchmarks/adversarial.py``.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

import pipeline
from pipeline.extractors import number_patterns as np_
from pipeline.structure import patterns as P

PACKAGE = str(Path(pipeline.__file__).parent)

# fragment, repetitions of the smaller run: the families of issue 19 and those found by fuzzing
FAMILIES = [
    ("12.5%", 150),  # targets._segment_start scanned back to the sentence start for each number
    ("5万-10万元", 100),
    (
        "万元",
        150,
    ),  # the noun-phrase scanner (now indicators.forward_phrase) read to the segment's end per number
    ("一千零五十万元", 60),
    ("国发〔2021〕13号", 60),  # citations: the sentence sliced once per 文号
    ("《国务院关于印发》", 60),
    ("、1个", 100),  # indicators._subject_start: every 、 rescanned the subject
    ("一个", 150),  # targets: the sentence searched for a recurrence once per 一
    ("1%", 150),  # cells of a flattened table, glued
    ("1% ", 150),
    ("1%，", 100),
    ("达到1%。", 60),
]


def _lines(text: str) -> int:
    """Python lines executed in ``pipeline`` while ``text`` is extracted."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    old = sys.gettrace()
    sys.settrace(tracer)
    threading.settrace(tracer)
    try:
        pipeline.extract(text)
    finally:
        sys.settrace(old)
        threading.settrace(None)
    return count


def _doc(fragment: str, n: int) -> str:
    return "关于推进职业教育发展的实施意见\n" + fragment * n + "\n"


@pytest.mark.parametrize(("fragment", "n"), FAMILIES, ids=[f for f, _ in FAMILIES])
def test_doubling_a_run_at_most_doubles_the_work(fragment: str, n: int) -> None:
    pipeline.extract(_doc(fragment, 3))  # caches (lexicons, patterns) are filled outside the count
    base = _lines(_doc("", 0))
    small, big = _lines(_doc(fragment, n)) - base, _lines(_doc(fragment, 2 * n)) - base
    assert big <= 2.3 * small, f"{fragment!r}: {small} lines for {n}, {big} for {2 * n}"


@pytest.mark.parametrize(
    ("pattern", "text", "inside"),
    [
        (np_.quantity_re(), "1" * 30 + "个", 7),  # a number of 30 digits is tried from its first digit
        (P.TOC_RE, "第一章 总则" + "." * 30 + "12", 12),  # leaders tried from their first dot
    ],
    ids=["digits", "dot_leaders"],
)
def test_a_pattern_never_restarts_inside_a_run(pattern, text: str, inside: int) -> None:
    assert pattern.search(text) is not None
    assert pattern.match(text, inside) is None


def test_a_long_run_of_digits_is_not_a_quantity_from_inside() -> None:
    from pipeline.extractors.numbers import find_quantities

    assert find_quantities("1" * 5000) == []
    assert [q.value for q in find_quantities("编号" + "1" * 40 + "，建成20个")] == [20]


def _dated(fragment: str, n: int) -> str:
    return (
        "关于推进职业教育发展的实施意见\n国办发〔2023〕5号\n"
        + fragment * n
        + "\n国务院办公厅\n2023年5月6日\n"
    )


@pytest.mark.parametrize("fragment", ["2022年12.5%", "12.5%"])
def test_a_dated_document_stays_linear(fragment: str) -> None:
    # with a document year, each number looks for the year of a statistic earlier in its sentence
    # (targets._statistic_year read every earlier year of the sentence once per number)
    pipeline.extract(_dated(fragment, 3))
    base = _lines(_dated("", 0))
    small, big = _lines(_dated(fragment, 100)) - base, _lines(_dated(fragment, 200)) - base
    assert big <= 2.3 * small, f"{fragment!r}: {small} lines for 100, {big} for 200"


def test_unclosed_brackets_are_looked_up_once_per_segment(monkeypatch) -> None:
    # each stray （ searched the rest of its segment for a closer: a run of them was quadratic (str.find
    # runs in C, invisible to the line count above, so the lookups are counted)
    from pipeline.structure import sentences

    calls = []
    real = sentences._last_closer
    monkeypatch.setattr(sentences, "_last_closer", lambda *a: calls.append(a) or real(*a))
    text = "（" * 500 + "建成5个。" + "“" * 300
    spans = list(sentences.split_spans(text))
    assert spans == [(0, 505), (505, len(text))]
    assert len(calls) == 2  # （ and “, once each


def test_years_separated_by_spaces_do_not_backtrack():
    # _YEARS_ONLY_RE and _RESPECTIVE_RE once split the spaces between years two ways: 24 years took 6.7 s
    # (a flattened statistics table); an exponential pattern would not finish here
    years = " ".join(f"{2000 + i}年" for i in range(40))
    record = pipeline.extract(years + " 产值达到5亿元。")
    assert [t.value for t in record.targets] == [5.0]
    record = pipeline.extract("产值，" + years + " 的总额分别为5亿元。")
    assert [t.value for t in record.targets] == [5.0]


def test_the_collector_is_paused_during_an_extraction_and_restored_after() -> None:
    """Speed only (issue 19): the cyclic collector is off while the stages run, and as it was after,
    also when a stage raises and when the caller had it off."""
    import gc

    import pipeline
    from pipeline.components import paused_gc

    seen = []
    with paused_gc():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("a stage failed")
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.extract("到2025年，建成5个工作室。")
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    pipeline.extract("到2025年，建成5个工作室。")
    assert gc.isenabled()


def test_threads_share_one_pause_of_the_collector() -> None:
    """Two extractions in two threads: the collector is off while either runs, on after both (a thread
    that saw the other's pause must not leave it off for good)."""
    import gc
    import threading

    from pipeline.components import paused_gc

    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with paused_gc():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    inside.wait(10)
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still runs
    release.set()
    t.join(10)
    assert gc.isenabled()
