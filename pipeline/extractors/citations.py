"""Citations of other documents: 《titles》, 文号, named plans, aliases and references to the document itself.

What becomes a :class:`~pipeline.models.Citation` (``text == source[start:end]`` always):

* every 《…》 at nesting depth 0 (inner 《》, “” and 〈〉 are kept in ``title``, which excludes the outer
  book marks). When a parenthesised 文号 follows (``《…》 ( 甘政发〔2020〕38号)``) it is attached to the
  title and the span **includes** the parenthesis, so one highlight shows both;
* a bare 文号 outside titles (``title`` None); the document's own 文号 in its header is skipped;
* a named reference without book marks matching a pattern of ``citation_cues.json``
  (庆阳市国民经济和社会发展第十四个五年规划和2035年远景目标, 国家“十四五”规划);
* an alias defined after a citation (``（以下简称“职教20条”）``) makes later “职教20条” and 《职教20条》
  citations of the same document; 《方案》/《意见》 after a full title ending in that word, and 上述文件,
  take the latest earlier citation as antecedent; 本意见/本方案 and 特制定《X》 are the document itself
  (relation ``self``).

``relation`` is ``implements`` for a basis statement (a cue such as 为贯彻落实/根据/按照 before the
citation in a preamble sentence, or a sentence ending in 制定本意见/特制定本方案), ``self`` for the
document itself, otherwise ``cites``. ``level``/``region`` come from the registry (if one is set) when the cited
document is there, else from the 文号 prefix (:func:`prefix_info`), else from issuer words in the title
(joint issuers: the most local co-issuer, since a ministry-province document applies in that province).

Resolution here is against the registry the caller configures (``extract(text, registry=...)``, none by
default; ``resolved_id`` = its doc_id); documents of the same batch and the batch's registry are resolved later by :func:`pipeline.link.resolve.resolve_citations`.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass

from pipeline.context import DocContext, make_doc_id
from pipeline.extractors import citation_patterns as P
from pipeline.models import LEVELS, Citation, Region
from pipeline.structure.divisions import divisions
from pipeline.structure.docnumber import find_doc_numbers, parse_doc_number, prefix_info
from pipeline.structure.regions import infer_level_region, most_local, split_issuers

logger = logging.getLogger(__name__)

_STRUCTURAL = ("part", "section", "item")
_LEVEL_RANK = {lvl: i for i, lvl in enumerate(LEVELS)}  # national 0 ... county 3


@dataclass
class _Cand:
    """A citation candidate before its relation and level are decided."""

    start: int
    end: int
    kind: str  # title | number | named | self | earlier | alias
    title: str | None = None
    doc_number: str | None = None
    alias: str | None = None  # alias defined in the parenthesis after this citation
    alias_end: int = 0  # end of that parenthesis: later mentions are searched from here
    region_word: str | None = None  # named patterns: the owner written before the name


def region_str(region: Region | None) -> str | None:
    """``Region`` as one string (甘肃省庆阳市), or None when empty."""
    if region is None:
        return None
    s = "".join(p for p in (region.province, region.city, region.county) if p)
    return s or None


MAX_WRAPPED_TITLE = 80  # characters: a title may wrap onto the next line (text converted from PDF)


def scan_titles(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every 《…》 at nesting depth 0 (book marks included); unclosed ones are dropped.

    A title may run over one line break (《数字化\n车间 通用技术要求》) when it is short and holds no
    。; otherwise an unclosed 《 is dropped at the end of its line.
    """
    out: list[tuple[int, int]] = []
    depth, start, wrapped = 0, -1, False
    for m in P.BOOK_MARK_RE.finditer(text):
        ch = m.group()
        if ch == "\n":
            if (
                depth > 0
                and not wrapped
                and m.start() - start <= MAX_WRAPPED_TITLE
                and "。" not in text[start : m.start()]
            ):
                wrapped = True
                continue
            depth, start, wrapped = 0, -1, False
        elif ch == "《":
            if depth == 0:
                start, wrapped = m.start(), False
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                out.append((start, m.end()))
    return out


def _title_level(title: str) -> tuple[str | None, str | None]:
    """Level and region from the issuer words of a title (before 关于), or a national title start."""
    cues = P.cues()
    head, sep, _ = title.partition(cues["issuer_split"])
    if sep and head.strip():
        level, region = most_local(split_issuers(head))
        if level is not None:  # the most local co-issuer: 教育部 + 甘肃省人民政府 -> provincial, 甘肃省
            return level, region_str(region)
    compact = "".join(title.split())
    if any(compact.startswith(w) for w in cues["national_title_starts"]):
        return "national", None
    bare = P.TITLE_NOISE_RE.sub("", compact)
    if any(bare.endswith(w) for w in cues["national_title_suffixes"]) and not any(
        bare.endswith(w) for w in cues["not_law_suffixes"]
    ):
        return "national", None  # a law (公路法): only the national legislature makes 法
    level, region = infer_level_region(compact)
    if level is not None and level != "national" and region.province:  # a known region name starts it
        return level, region_str(region)
    return None, None


class _NoRegistry:
    """No known documents: every lookup misses (the default configuration of the stage)."""

    def lookup(self, *, doc_number: str | None = None, title: str | None = None) -> None:
        return None


_NO_REGISTRY = _NoRegistry()


class _Extractor:
    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.registry = ctx.registry if ctx.registry is not None else _NO_REGISTRY
        self.cues = P.cues()
        self._word_spans: dict[tuple[int, int, str], list[tuple[int, int]]] = {}
        self._spans: list[tuple[int, int]] = []  # taken spans, sorted
        # The preamble ends at the first part/section/item; a text without them has only its first
        # paragraph as preamble (a basis statement opens a document).
        parts = [c.start for c in ctx.clauses if c.kind in _STRUCTURAL]
        paras = [c.end for c in ctx.clauses if c.kind in ("preamble", "paragraph")]
        self.preamble_end = min(parts) if parts else min(paras, default=0)

    # ---- span bookkeeping ---------------------------------------------------------------------
    def _free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start, -1))
        if i < len(self._spans) and self._spans[i][0] < end:
            return False
        return not (i > 0 and self._spans[i - 1][1] > start)

    def _take(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))

    # ---- candidates ---------------------------------------------------------------------------
    def _title_candidates(self) -> list[_Cand]:
        """Step 1 of :meth:`candidates`: 《book titles》 with a 文号 or alias inside or after them."""
        text = self.text
        cands: list[_Cand] = []
        for start, end in scan_titles(text):
            cand = _Cand(start, end, "title", title=P.TITLE_LINE_BREAK_RE.sub("", text[start + 1 : end - 1]))
            inner = P.TITLE_TRAILING_PAREN_RE.search(cand.title)
            if inner is not None and (dn := parse_doc_number(inner["inner"])) is not None:
                cand.title, cand.doc_number = (
                    cand.title[: inner.start()].rstrip(),
                    str(dn),
                )  # 《…（国发〔2017〕35号）》
            m = P.PAREN_AFTER_RE.match(text, end)
            if m:
                for part in P.PAREN_PART_SEP_RE.split(m["inner"]):
                    part = part.strip()
                    dn = parse_doc_number(part) if cand.doc_number is None else None
                    if dn is not None:
                        cand.doc_number = str(dn)
                        cand.end = m.end()
                    am = P.alias_re().match(part)
                    if am:
                        cand.alias = am["alias"].strip(P.ALIAS_QUOTES + " ") or None
                        cand.alias_end = m.end()
            cands.append(cand)
            self._take(cand.start, cand.end)
        return cands

    def candidates(self) -> list[_Cand]:
        """Titles, then bare 文号, named documents, self references and earlier references, each taking
        its span so that a later step does not claim it again."""
        text = self.text
        cands = self._title_candidates()
        own = self.ctx.meta.doc_number
        for start, end, dn in find_doc_numbers(text):
            clause = self.ctx.clause_at(start)
            if own and str(dn) == own and (clause is None or clause.kind in ("header", "title")):
                continue
            if self._free(start, end):
                cands.append(_Cand(start, end, "number", doc_number=str(dn)))
        for _name, required, regex in P.named_res():
            for m in regex.finditer(text):
                word = next(
                    (
                        w
                        for w in P.region_words()
                        if len(w) <= m.start() and text.startswith(w, m.start() - len(w))
                    ),
                    None,
                )
                if word is None and required:
                    continue
                start = m.start() - len(word or "")
                if self._free(start, m.end()):
                    cands.append(
                        _Cand(start, m.end(), "named", title=text[start : m.end()], region_word=word)
                    )
                    self._take(start, m.end())
        not_after = self.cues["self_not_after"]
        for m in P.self_short_re().finditer(text):
            if m.start() > 0 and text[m.start() - 1] in not_after:
                continue
            if self._free(m.start(), m.end()):
                cands.append(_Cand(m.start(), m.end(), "self"))
        for m in P.earlier_ref_re().finditer(text):
            if self._free(m.start(), m.end()):
                cands.append(_Cand(m.start(), m.end(), "earlier"))
        cands.sort(key=lambda c: c.start)
        cands.extend(self._alias_mentions(cands))
        cands.sort(key=lambda c: c.start)
        return cands

    def _alias_mentions(self, cands: list[_Cand]) -> list[_Cand]:
        """Quoted later mentions of aliases (“职教20条”); 《职教20条》 is already a title candidate."""
        out = []
        for cand in cands:
            if not cand.alias:
                continue
            for quoted in (f"“{cand.alias}”", f'"{cand.alias}"'):
                pos = self.text.find(quoted, max(cand.end, cand.alias_end))
                while pos != -1:
                    end = pos + len(quoted)
                    if self._free(pos, end):
                        out.append(_Cand(pos, end, "alias", title=cand.alias))
                        self._take(pos, end)
                    pos = self.text.find(quoted, end)
        return out

    # ---- decisions ----------------------------------------------------------------------------
    def _self_id(self) -> str:
        return make_doc_id(self.ctx.meta, self.ctx.meta_overrides)

    def relation(self, cand: _Cand) -> str:
        text, start, end = self.text, cand.start, cand.end
        clause = self.ctx.clause_at(start)
        if clause is not None and clause.kind == "title":
            before = text[clause.start : start]
            if any(before.endswith(v) for v in self.cues["title_self_verbs"]):
                return "self"
            if any(v in before for v in self.cues["title_implement_verbs"]):
                return "implements"
            return "cites"
        if any(
            text.startswith(w, max(0, start - len(w))) and start >= len(w) for w in self.cues["self_before"]
        ):
            return "self"
        if any(text.startswith(w, end) for w in self.cues["self_after"]):
            return "self"
        sentence = self.ctx.sentence_at(start)
        s_start, s_end = (sentence.start, sentence.end) if sentence else (start, end)
        if any(last >= end for _first, last in self._cue_positions(s_start, s_end, "basis_sentence_end")):
            return "implements"
        in_preamble = start < self.preamble_end and (
            clause is None or clause.kind in ("preamble", "paragraph")
        )
        if in_preamble and any(
            0 <= first <= start - len(w)
            for w, (first, _last) in zip(
                self.cues["basis_before"], self._cue_positions(s_start, s_end, "basis_before"), strict=True
            )
        ):
            return "implements"
        return "cites"

    def _cue_positions(self, s: int, e: int, cue: str) -> list[tuple[int, int]]:
        """(first, last) start of each word of ``cue`` in ``text[s:e]`` (-1 when absent), found once per
        sentence (speed only: a sentence of many citations would otherwise be sliced once per citation)."""
        key = (s, e, cue)
        if key not in self._word_spans:
            words = self.cues[cue]
            self._word_spans[key] = [(self.text.find(w, s, e), self.text.rfind(w, s, e)) for w in words]
        return self._word_spans[key]

    def describe(self, title: str | None, doc_number: str | None, region_word: str | None = None) -> dict:
        """resolved_id, level and region of a cited document (registry > 文号 prefix > title words)."""
        entry = self.registry.lookup(doc_number=doc_number, title=title)
        out = {"resolved_id": entry.doc_id if entry else None, "level": None, "region": None}
        if entry is not None and entry.level:
            out.update(level=entry.level, region=entry.region)
            return out
        dn = parse_doc_number(doc_number) if doc_number else None
        # a cited series is read among the prefectures of the citing document's province (金政办发 cited
        # by a 浙江 county is 金华市's)
        info = prefix_info(dn.prefix, self.ctx.meta.region.province) if dn is not None else None
        if info and info.get("level"):
            region = "".join(p for p in (info.get("province"), info.get("city")) if p) or None
            out.update(level=info["level"], region=region)
        elif region_word is not None:
            out.update(zip(("level", "region"), self._region_word_level(region_word), strict=True))
        elif title:
            out.update(zip(("level", "region"), _title_level(title), strict=True))
        return out

    def _region_word_level(self, word: str) -> tuple[str | None, str | None]:
        meta = self.ctx.meta
        if word in ("中华人民共和国", "国家", "全国"):
            return "national", None
        if word in ("省", "全省") and meta.region.province:
            return "provincial", meta.region.province
        if word in ("市", "全市") and meta.region.city:
            return "municipal", region_str(Region(meta.region.province, meta.region.city))
        full = next(
            (d.name for d in divisions() if d.short == word and d.level != "county"), word
        )  # 庆阳 -> 庆阳市
        level, region = infer_level_region(full)
        return level, region_str(region)

    def extract(self) -> list[Citation]:
        meta = self.ctx.meta
        shorts = set(self.cues["short_forms"])
        aliases: dict[str, dict] = {}
        history: list[dict] = []  # resolved non-self citations, in text order
        out: list[Citation] = []
        self_info = {
            "title": meta.title,
            "doc_number": meta.doc_number,
            "resolved_id": self._self_id(),
            "level": meta.level,
            "region": region_str(meta.region),
            "_self": True,
        }
        for cand in self.candidates():
            relation = self.relation(cand)
            info: dict | None = None
            key = P.TITLE_NOISE_RE.sub("", cand.title or "")
            if cand.kind == "self":
                info, relation = dict(self_info), "self"
            elif cand.kind == "earlier":
                info = dict(history[-1]) if history else {"title": None, "doc_number": None}
            elif key and key in aliases and cand.kind in ("title", "alias") and not cand.doc_number:
                info = dict(aliases[key])
            elif cand.kind == "title" and key in shorts and not cand.doc_number:
                info = next((dict(h) for h in reversed(history) if _ends_with(h.get("title"), key)), None)
                if info is None and _ends_with(meta.title, key):
                    info, relation = dict(self_info), "self"
            if info is None:
                info = {"title": cand.title, "doc_number": cand.doc_number}
                info.update(self.describe(cand.title, cand.doc_number, cand.region_word))
            if info.get("_self"):  # an alias or short form of the document itself
                relation = "self"
            elif relation == "self" and cand.kind == "title":  # 特制定《X》: X is this document
                info["_self"] = True
                info["resolved_id"] = info.get("resolved_id") or self_info["resolved_id"]
            if cand.alias:
                aliases[P.TITLE_NOISE_RE.sub("", cand.alias)] = info
            if relation != "self" and (info.get("title") or info.get("doc_number")):
                history.append(info)
            clause = self.ctx.clause_at(cand.start)
            out.append(
                Citation(
                    clause_id=clause.clause_id if clause else None,
                    text=self.text[cand.start : cand.end],
                    start=cand.start,
                    end=cand.end,
                    title=info.get("title"),
                    doc_number=info.get("doc_number"),
                    resolved_id=info.get("resolved_id"),
                    level=info.get("level"),
                    relation=relation,
                    region=info.get("region"),
                )
            )
        return out


def _ends_with(title: str | None, word: str) -> bool:
    if not title:
        return False
    t = P.TITLE_NOISE_RE.sub("", title)
    return t.endswith(word) and len(t) > len(word)


def run(ctx: DocContext) -> None:
    """Citation stage: fill ``ctx.citations`` in text order (linear in the text size).

    Args:
        ctx: the document's context after the structure stage (clauses, sentences, header metadata).
    """
    if not ctx.text:
        ctx.citations = []
        return
    ctx.citations = _Extractor(ctx).extract()
    logger.debug("%d citations", len(ctx.citations))
