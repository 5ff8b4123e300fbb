"""Adversarial inputs: seconds per MB of ``pipeline.extract`` for each repeated-fragment family.

    python benchmarks/adversarial.py [--kb 4] [--families digits,percent]

Each family repeats one fragment (a flattened table, dot leaders, a repeated 文号 ...) to ``--kb`` KB
and to twice that, extracts both and prints seconds (the least CPU time of ``--repeat`` runs), seconds
per MB and the doubling ratio (about 2 for a linear rule, about 4 for a quadratic one). Goal (issue 19):
every family <= 10 s/MB.

CPU time on a shared machine swings by 30% between runs of the same code, so the larger input is also
timed under the floor, bare ``jieba.lcut`` of the same text (the least of ``--repeat`` runs, taken
right after the extraction), and the ratio to it is printed: that column compares runs made at
different times.
"""

from __future__ import annotations

import argparse
import time

# fragment -> family name; the first seven are the cases of issue 19, the rest were found by fuzzing
# the stages with repeated fragments of real documents.
FAMILIES: dict[str, str] = {
    "digits": "1",
    "percent": "12.5%",
    "wan_range": "5万-10万元",
    "wan_yuan": "万元",
    "cn_amount": "一千零五十万元",
    "dot_leaders": ".",
    "doc_number": "国发〔2021〕13号",
    "cn_digits": "一",
    "fullwidth_digits": "１",
    "ratio": "1:1",
    "dash": "—",
    "comma_digits": "1,",
    "year": "2025年",
    "dunhao": "、",
    "quote_title": "《关于",
    "brackets": "（",
    "spaces": " ",
    "table_cells": "1 |",
    "clause_numbers": "（一）",
    "book_title": "《国务院关于印发》",
    "mixed_table": "2025年底前完成50%",
    "one_article": "一个",
    "listed_values": "、1个",
    "comparator": "不低于5个",
    "pdf_lines": "一\n",
    "one_percent": "1%",
    "spaced_percent": "1% ",
    "comma_percent": "1%，",
    "listed_percent": "1%、",
    "sentence_targets": "达到1%。",
}


def _text(fragment: str, kb: float) -> str:
    n = max(1, int(kb * 1024 / len(fragment.encode())))
    return "关于推进职业教育发展的实施意见\n" + fragment * n + "\n"


def _least_cpu(run, text: str, repeat: int) -> float:
    """The least CPU time of ``repeat`` calls ``run(text)`` (CPU time, since wall time swings with the
    machine's load; the least, since noise only adds)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        run(text)
        best = min(best, time.process_time() - t0)
    return best


def _floor(text: str, repeat: int) -> float:
    """Bare ``jieba.lcut`` over ``text``: the floor."""
    import jieba

    return _least_cpu(jieba.lcut, text, repeat)


def _seconds(text: str, repeat: int) -> float:
    """``pipeline.extract`` of ``text``."""
    import pipeline

    return _least_cpu(pipeline.extract, text, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", type=float, default=4.0, help="size of the smaller input (KB)")
    parser.add_argument("--families", default="", help="comma-separated names (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each input; the least time counts")
    args = parser.parse_args()
    import jieba

    import pipeline

    jieba.lcut("预热")  # the dictionary loaded outside the timings
    pipeline.extract(
        "预热：到2025年建成5万个、一千个，达到12.5%以上。"
    )  # load the pipeline (and its lazy parts) outside the timings
    names = [n for n in args.families.split(",") if n] or list(FAMILIES)
    print(
        f"{'family':18} {'KB':>6} {'s':>8} {'s/MB':>8} {'2x KB':>6} {'s':>8} {'s/MB':>8} {'ratio':>6}"
        f" {'jieba s':>8} {'x jieba':>8}"
    )
    worst = worst_floor = 0.0
    for name in names:
        fragment = FAMILIES[name]
        small, big = _text(fragment, args.kb), _text(fragment, 2 * args.kb)
        t1, t2 = _seconds(small, args.repeat), _seconds(big, args.repeat)
        floor = _floor(big, args.repeat)
        mb1, mb2 = len(small.encode()) / 2**20, len(big.encode()) / 2**20
        worst = max(worst, t2 / mb2)
        worst_floor = max(worst_floor, t2 / max(floor, 1e-9))
        print(
            f"{name:18} {mb1 * 1024:6.1f} {t1:8.3f} {t1 / mb1:8.1f} {mb2 * 1024:6.1f} {t2:8.3f} "
            f"{t2 / mb2:8.1f} {t2 / max(t1, 1e-9):6.2f} {floor:8.3f} {t2 / max(floor, 1e-9):8.2f}"
        )
    print(f"worst: {worst:.1f} s/MB (goal <= 10); {worst_floor:.2f}x bare jieba.lcut of the same text")


if __name__ == "__main__":
    main()
