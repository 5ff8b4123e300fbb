"""Word segmentation engines behind the spaCy tokenizer: ``rjieba`` (default when installed) and ``jieba``.

Both are the same algorithm over the same dictionary: ``jieba`` is the Python reference, ``rjieba`` is the
binding of jieba-rs, a Rust port (an order of magnitude faster). Each engine is a private instance with
the project's user dictionary (``resources/jieba_userdict.txt`` plus POLICY_PIPELINE_RESOURCES) loaded;
the process-global tokenizers of either library are never touched. The engine is chosen by name:
the ``segmenter`` argument, else the environment variable ``POLICY_PIPELINE_SEGMENTER``, else
:func:`default_segmenter`.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from importlib.util import find_spec

from pipeline.errors import OptionError, ParameterError
from pipeline.resources import load_lines

SEGMENTERS = ("rjieba", "jieba")
ENV_VAR = "POLICY_PIPELINE_SEGMENTER"

Cut = Callable[[str], list[str]]


def default_segmenter() -> str:
    """``$POLICY_PIPELINE_SEGMENTER`` if set, else ``rjieba`` if importable, else ``jieba``."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        if chosen not in SEGMENTERS:
            raise OptionError(ENV_VAR, chosen, SEGMENTERS)
        return chosen
    return "rjieba" if find_spec("rjieba") is not None else "jieba"


def check_segmenter(name: str | None) -> str:
    """``name`` if it is a known engine (``None``: the default); else :class:`OptionError`."""
    if name is None:
        return default_segmenter()
    if name not in SEGMENTERS:
        raise OptionError("segmenter", name, SEGMENTERS)
    return name


def _user_words(user_dict: str) -> list[tuple[str, int | None, str | None]]:
    """``(word, frequency or None, tag or None)`` per line of the user dictionary (jieba's format)."""
    out = []
    for line in load_lines(user_dict):
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        out.append((parts[0], freq, tag))
    return out


def _jieba_cut(user_dict: str | None, hmm: bool) -> Cut:
    import jieba

    tokenizer = jieba.Tokenizer()
    jieba_logger = jieba.default_logger
    level = jieba_logger.level
    jieba_logger.setLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
    try:
        tokenizer.initialize()
    finally:
        jieba_logger.setLevel(level)
    if user_dict:  # packaged words plus those of POLICY_PIPELINE_RESOURCES, comments stripped
        tokenizer.load_userdict(io.StringIO("\n".join(load_lines(user_dict))))
    return lambda text: tokenizer.lcut(text, HMM=hmm)


def _rjieba_cut(user_dict: str | None, hmm: bool) -> Cut:
    try:
        import rjieba
    except ImportError:
        raise ParameterError(
            "{segmenter} 'rjieba' is not installed; install it (pip install rjieba) or use {segmenter} jieba",
            "segmenter",
        ) from None
    tokenizer = rjieba.Jieba()
    for word, freq, tag in _user_words(user_dict) if user_dict else ():
        # jieba's load_userdict: a word without frequency gets the one that keeps it whole
        tokenizer.add_word(word, freq if freq is not None else tokenizer.suggest_freq(word), tag)
    return lambda text: tokenizer.cut(text, hmm)


ENGINES: dict[str, Callable[[str | None, bool], Cut]] = {"jieba": _jieba_cut, "rjieba": _rjieba_cut}


def make_cut(name: str | None = None, user_dict: str | None = "jieba_userdict.txt", hmm: bool = True) -> Cut:
    """A function ``text -> words`` of engine ``name`` with the user dictionary loaded."""
    return ENGINES[check_segmenter(name)](user_dict, hmm)
