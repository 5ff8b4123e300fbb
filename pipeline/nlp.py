"""Build the spaCy pipeline: ``spacy.blank("zh")`` with our own jieba tokenizer and one component per stage.

jieba keeps its dictionary in a process-global tokenizer; we never touch that one. The registered
tokenizer factory below builds a private ``jieba.Tokenizer`` and loads the project's user dictionary
(``pipeline/resources/jieba_userdict.txt``) into it, so every process that builds the pipeline, including
batch workers, segments identically. :func:`get_nlp` builds the pipeline once per process.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from pipeline.resources import load_lines

logger = logging.getLogger(__name__)

TOKENIZER_NAME = "policy_pipeline.JiebaTokenizer.v1"


class JiebaTokenizer:
    """spaCy tokenizer around a private ``jieba.Tokenizer`` with the project's user dictionary."""

    def __init__(self, vocab: Vocab, user_dict: str | None = "jieba_userdict.txt", hmm: bool = True) -> None:
        self.vocab = vocab
        self.user_dict = user_dict
        self.hmm = hmm
        self.segmenter = jieba.Tokenizer()
        jieba_logger = jieba.default_logger
        level = jieba_logger.level
        jieba_logger.setLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
        try:
            self.segmenter.initialize()
        finally:
            jieba_logger.setLevel(level)
        if user_dict:  # packaged words plus those of POLICY_PIPELINE_RESOURCES, comments stripped
            self.segmenter.load_userdict(io.StringIO("\n".join(load_lines(user_dict))))

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for w in self.segmenter.cut(text, HMM=self.hmm):
            if not w:
                continue
            # spaCy's convention: one plain space after a token is its trailing space, not a token
            if w == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
                continue
            if w.startswith(" ") and len(w) > 1 and w.strip() == "" and words and not spaces[-1]:
                spaces[-1] = True
                w = w[1:]
            words.append(w)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # The state is fully described by the config; nothing to serialise beyond it.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> JiebaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> JiebaTokenizer:
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_jieba_tokenizer(
    user_dict: str | None = "jieba_userdict.txt", hmm: bool = True
) -> Callable[[Language], JiebaTokenizer]:
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, user_dict=user_dict, hmm=hmm)

    return make


def build_nlp(stages: tuple[str, ...] | None = None) -> Language:
    """A fresh pipeline: jieba tokenizer plus the policy components (all of them by default)."""
    from pipeline import components

    config = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}
    nlp = spacy.blank("zh", config=config)
    for name in stages or components.STAGE_ORDER:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    logger.debug("building the spaCy pipeline")
    return build_nlp()
