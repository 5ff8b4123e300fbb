"""Build the spaCy pipeline: ``spacy.blank("zh")`` with our own tokenizer and one component per stage.

The registered tokenizer factory below wraps a private segmentation engine (:mod:`pipeline.segmenters`:
``rjieba`` or ``jieba``) with the project's user dictionary loaded, so every process that builds the
pipeline, including batch workers, segments identically. :func:`get_nlp` builds the pipeline once per
process and engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from pipeline import components
from pipeline.segmenters import SEGMENTERS, check_segmenter, default_segmenter, make_cut

__all__ = ["MAX_LENGTH", "SEGMENTERS", "SegmenterTokenizer", "build_nlp", "default_segmenter", "get_nlp"]

logger = logging.getLogger(__name__)

TOKENIZER_NAME = "policy_pipeline.JiebaTokenizer.v1"

# spaCy refuses texts over ``nlp.max_length`` (default 1,000,000 characters, error E088) because its
# parser and NER models need about 1 GB of memory per 100,000 characters. This pipeline has neither:
# a tokenizer and rule components whose memory grows linearly (a few hundred bytes per token), so a
# five-year plan or a compilation of several million characters is fine. The limit stays finite as a
# guard against feeding a whole corpus as one string by mistake; beyond it
# :func:`pipeline.api.extract` raises a clear :class:`~pipeline.errors.PipelineError`.
MAX_LENGTH = 50_000_000


class SegmenterTokenizer:
    """spaCy tokenizer around a private segmentation engine with the project's user dictionary."""

    def __init__(
        self,
        vocab: Vocab,
        user_dict: str | None = "jieba_userdict.txt",
        hmm: bool = True,
        segmenter: str | None = None,
    ) -> None:
        self.vocab = vocab
        self.user_dict = user_dict
        self.hmm = hmm
        self.segmenter = check_segmenter(segmenter)
        self.cut = make_cut(self.segmenter, user_dict=user_dict, hmm=hmm)

    def __call__(self, text: str) -> Doc:
        words, spaces = attach_spaces(self.cut(text))
        return Doc(self.vocab, words=words, spaces=spaces)

    # The state is fully described by the config; nothing to serialise beyond it.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> SegmenterTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> SegmenterTokenizer:
        return self


def attach_spaces(cut: list[str]) -> tuple[list[str], list[bool]]:
    """Words and trailing-space flags in spaCy's convention: one plain space after a token is its
    trailing space, not a token of its own. Only the tokens starting with a space are looked at."""
    words = [w for w in cut if w] if "" in cut else cut
    at = [i for i, w in enumerate(words) if w[0] == " "]
    if not at:
        return words, [False] * len(words)
    out: list[str] = []
    spaces: list[bool] = []
    done = 0
    for i in at:
        out.extend(words[done:i])
        spaces.extend([False] * (i - done))
        done = i + 1
        w = words[i]
        if out and not spaces[-1]:
            if w == " " and not out[-1].isspace():
                spaces[-1] = True
                continue
            if len(w) > 1 and w.strip() == "":
                spaces[-1] = True
                w = w[1:]
        out.append(w)
        spaces.append(False)
    out.extend(words[done:])
    spaces.extend([False] * (len(words) - done))
    return out, spaces


JiebaTokenizer = SegmenterTokenizer  # the name of releases before the engine choice


@registry.tokenizers(TOKENIZER_NAME)
def create_jieba_tokenizer(
    user_dict: str | None = "jieba_userdict.txt", hmm: bool = True, segmenter: str | None = None
) -> Callable[[Language], SegmenterTokenizer]:
    def make(nlp: Language) -> SegmenterTokenizer:
        return SegmenterTokenizer(nlp.vocab, user_dict=user_dict, hmm=hmm, segmenter=segmenter)

    return make


def build_nlp(stages: tuple[str, ...] | None = None, segmenter: str | None = None) -> Language:
    """A fresh pipeline: the tokenizer of engine ``segmenter`` plus the policy components (all by default)."""
    name = check_segmenter(segmenter)
    components.check_stages(tuple(stages or components.STAGE_ORDER))  # needs before fills, at build time
    config = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "segmenter": name}}}
    nlp = spacy.blank("zh", config=config)
    nlp.max_length = MAX_LENGTH
    for stage in stages or components.STAGE_ORDER:
        nlp.add_pipe(stage)
    return nlp


@lru_cache(maxsize=len(SEGMENTERS))
def _cached_nlp(segmenter: str) -> Language:
    logger.debug("building the spaCy pipeline (segmenter %s)", segmenter)
    return build_nlp(segmenter=segmenter)


def get_nlp(segmenter: str | None = None) -> Language:
    """The process-wide pipeline of engine ``segmenter`` (default: :func:`default_segmenter`), built once."""
    return _cached_nlp(check_segmenter(segmenter))
