"""Obligations: one record per directive sentence, with its modality, trigger word and actors.

Decisions (documented in ``modal_verbs.csv`` too):

* A sentence is directive when it holds a trigger word of ``modal_verbs.csv`` that is not part of a
  longer non-trigger word listed in its ``exclude`` column (重要, 要求, 可持续, 适应, 需求, 融资支持).
  要求 is *not* a trigger: in policy texts it is mostly the noun (按照……要求); 需要 is not either
  (发展需要); 推动/推进 are imperative verbs, not encouragement.
* One record per sentence. Its modality is that of the governing trigger: the first one in the
  sentence, where an opening imperative verb of ``obligation_imperative_verbs.txt`` (after a list label
  and adverbs such as 全面, 深入: 加强中职学校专业建设) counts as a ``must`` trigger at its position.
  鼓励运用……,建设……平台 is ``encourage``; 严格按照……确定……,杜绝计划外招生 is ``must``. A prohibition
  in the governing clause (up to the first comma) still wins: 各地要严禁…… is ``prohibit``.
* Sentences of the title, header, preamble (为……特制定本意见) and closing are not directives.
* ``actors``: the departments found in the sentence (names as written), then the subjects of
  ``actors.txt`` (企业, 职业院校, 金融机构 ...) that do not overlap them, in text order.
"""

from __future__ import annotations

import bisect
import logging
import re
from functools import cache

from pipeline.context import DocContext
from pipeline.errors import ResourceError
from pipeline.extractors import actor_patterns as rx
from pipeline.extractors.deadlines import deadline_for
from pipeline.models import MODALITIES, Obligation, Sentence
from pipeline.resources import load_csv, load_lines

log = logging.getLogger(__name__)

# Strongest first: the modality a sentence gets when it holds triggers of several modalities.
MIN_OBJECT = 4  # characters after a leading verb for it to be a directive and not a heading noun
SKIPPED_KINDS = frozenset({"title", "header", "preamble", "closing"})


@cache
def _triggers() -> tuple[re.Pattern[str], dict[str, tuple[str, tuple[str, ...]]]]:
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in load_csv("modal_verbs.csv"):
        if row["modality"] not in MODALITIES:
            raise ResourceError(f"modal_verbs.csv: unknown modality {row['modality']!r}")
        excludes = tuple(w for w in row["exclude"].split("|") if w)
        table[row["word"]] = (row["modality"], excludes)
    return rx.word_regex(tuple(table)), table


def _excluded(text: str, pos: int, word: str, excludes: tuple[str, ...]) -> bool:
    for ex in excludes:
        k = ex.find(word)
        while k >= 0:
            if pos - k >= 0 and text[pos - k : pos - k + len(ex)] == ex:
                return True
            k = ex.find(word, k + 1)
    return False


def find_triggers(sentence: str) -> list[tuple[int, str, str]]:
    """``(position, word, modality)`` of every trigger in ``sentence``, false triggers removed."""
    regex, table = _triggers()
    out = []
    for m in regex.finditer(sentence):
        word = m.group()
        modality, excludes = table[word]
        if not _excluded(sentence, m.start(), word, excludes):
            out.append((m.start(), word, modality))
    return out


@cache
def _imperatives() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = rx.word_regex(load_lines("obligation_imperative_verbs.txt"))
    adverbs = rx.word_regex(load_lines("obligation_leading_adverbs.txt"))
    frames = rx.word_regex(load_lines("obligation_leading_frames.txt"))
    return verbs, adverbs, frames


def _verb_at(sentence: str, pos: int) -> tuple[int, str] | None:
    verbs, adverbs, _frames = _imperatives()
    for _ in range(3):
        v = verbs.match(sentence, pos)
        # a verb needs an object: 指导思想 (a heading noun phrase) is not 指导 + object
        if v is not None and len(rx.WHITESPACE.sub("", sentence[v.end() :]).rstrip("。；;")) >= MIN_OBJECT:
            return v.start(), v.group()
        m = adverbs.match(sentence, pos)
        if m is None:
            return None
        pos = m.end()
    return None


def leading_imperative(sentence: str) -> tuple[int, str] | None:
    """``(position, verb)`` when ``sentence`` starts (after a label and adverbs) with an imperative verb.

    A sentence opening with a frame (按照……, 对接……,) is tested again after its first comma.
    """
    pos = rx.LEADING_LABEL.match(sentence).end()
    found = _verb_at(sentence, pos)
    if found is None and _imperatives()[2].match(sentence, pos):
        comma = rx.CLAUSE_BREAK.search(sentence, pos)
        if comma is not None:
            found = _verb_at(sentence, comma.end())
    return found


def classify(sentence: str) -> tuple[str, str, int] | None:
    """``(modality, trigger, position)`` of a sentence, or ``None`` if it is not a directive.

    >>> classify("市内所有企业需设置学生实习、学徒培养岗位")[:2]
    ('must', '需')
    """
    found = find_triggers(sentence)
    imp = leading_imperative(sentence)
    if imp is not None:
        found.append((imp[0], imp[1], "must"))
    if not found:
        return None
    pos, word, modality = min(found)
    clause_end = rx.CLAUSE_BREAK.search(sentence, pos)
    limit = clause_end.start() if clause_end else len(sentence)
    prohibit = [t for t in found if t[2] == "prohibit" and t[0] < limit]
    if prohibit:
        pos, word, modality = min(prohibit)
    return modality, word, pos


@cache
def _actor_regex() -> re.Pattern[str]:
    return rx.word_regex(load_lines("actors.txt"))


def find_actors(sentence: str, taken: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """``(position, subject)`` of the generic subjects of ``actors.txt`` outside the ``taken`` spans."""
    out = []
    for m in _actor_regex().finditer(sentence):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append((m.start(), rx.WHITESPACE.sub("", m.group())))
    return out


def _sentences(ctx: DocContext) -> list[Sentence]:
    """The sentences the structure stage filled (the stage declares it needs them; no fallback)."""
    return ctx.sentences


def run(ctx: DocContext) -> None:
    """Fill ``ctx.obligations``: one record per directive sentence."""
    kinds = {c.clause_id: c.kind for c in ctx.clauses}
    depts = sorted(ctx.departments, key=lambda d: d.start)
    dept_starts = [d.start for d in depts]
    for sent in _sentences(ctx):
        if kinds.get(sent.clause_id) in SKIPPED_KINDS:
            continue
        text = ctx.text[sent.start : sent.end]
        got = classify(text)
        if got is None:
            continue
        modality, trigger, _pos = got
        i = bisect.bisect_left(dept_starts, sent.start)
        actors: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        while i < len(depts) and depts[i].start < sent.end:
            d = depts[i]
            if d.end <= sent.end:
                actors.append((d.start - sent.start, d.name))
                taken.append((d.start - sent.start, d.end - sent.start))
            i += 1
        actors.extend(find_actors(text, taken))
        names = tuple(dict.fromkeys(name for _p, name in sorted(actors)))
        ctx.obligations.append(
            Obligation(
                clause_id=sent.clause_id,
                text=text,
                start=sent.start,
                end=sent.end,
                modality=modality,
                trigger=trigger,
                actors=names,
                deadline_id=deadline_for(ctx, sent.start, sent.end),
                sentence_id=sent.sentence_id or None,
            )
        )
    log.debug("obligations: %d directive sentences", len(ctx.obligations))
