"""The reviewed source files say exactly what the documents say."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from dangbo import config

SRC = config.SOURCES_DIR


def _norm(text: str) -> str:
    return " ".join(text.split())


DOCS = {d["doc_id"]: _norm((SRC / d["file"]).read_text(encoding="utf-8"))
        for d in yaml.safe_load((SRC / "documents.yaml").read_text(encoding="utf-8"))}
ITEMS = yaml.safe_load((SRC / "indicators.yaml").read_text(encoding="utf-8"))["items"]


def occurs(text: str, doc: str, max_gap: int = 40) -> bool:
    """Verbatim, or (for a table cell that a page break interleaved with its neighbours) its words in
    order with at most `max_gap` foreign words between two of them."""
    text = _norm(text)
    if text in doc:
        return True
    words, dw = text.split(), doc.split()
    for start in (i for i, w in enumerate(dw) if w == words[0]):
        j, gap = start + 1, 0
        for w in words[1:]:
            while j < len(dw) and dw[j] != w and gap <= max_gap:
                j, gap = j + 1, gap + 1
            if j >= len(dw) or dw[j] != w:
                break
            j, gap = j + 1, 0
        else:
            return True
    return False


@pytest.mark.parametrize("item", ITEMS, ids=[i["item_id"] for i in ITEMS])
def test_indicator_texts_are_published_words(item):
    doc = DOCS[item["doc_id"]]
    for key in ("wording", "result_text", "assessment"):
        if item.get(key):
            assert occurs(item[key], doc), f"{item['item_id']}.{key} not in the document"
    for part in item["parts"]:
        if part.get("value_text"):
            assert _norm(part["value_text"]) in doc


def test_interleaved_annex_row_is_the_only_non_verbatim_text():
    loose = [i["item_id"] for i in ITEMS for k in ("wording", "result_text")
             if i.get(k) and _norm(i[k]) not in DOCS[i["doc_id"]]]
    assert loose == ["PL3-4", "PL3-4"]


def test_every_number_in_a_result_is_a_value_or_in_the_text():
    # Each published value must be readable from its own result text (e.g. 98.21 from "98,21%").
    for item in ITEMS:
        for part in item["parts"]:
            if part.get("value") is None or not part.get("value_text"):
                continue
            v = part["value"]
            shown = (f"{v:g}".replace(".", ","))
            text = part["value_text"]
            assert shown in text or (v == 0 and "Không có" in text) or f"{int(v):02d}" in text, (item["item_id"], v, text)


def test_figures_occur_in_their_document():
    figs = pd.read_csv(SRC / "figures.csv")
    for r in figs.itertuples():
        assert _norm(r.value_text) in DOCS[r.doc_id], r.figure_id


def test_annex4_texts_occur():
    models = pd.read_csv(SRC / "annex4_models.csv")
    assert list(models.stt) == list(range(1, 14))
    for r in models.itertuples():
        for t in (r.model, r.result_text, r.figure_1_text, r.figure_2_text):
            if isinstance(t, str):
                assert _norm(t) in DOCS["BCCT"], (r.stt, t)


def test_published_breakdowns_add_up():
    """The report's own totals agree with its footnotes (a check of our transcription)."""
    f = pd.read_csv(SRC / "figures.csv").set_index("figure_id").value
    assert f["ADM-CT"] + f["ADM-HG"] + f["ADM-ST"] == f["ADM-00"] == 99
    assert f["DIS-KT"] + f["DIS-CC"] + f["DIS-KTR"] == f["DIS-00"] == 19
    assert f["DIS-CT"] + f["DIS-ST"] + f["DIS-HG"] == 19
    assert f["DIS-CT-KT"] + f["DIS-ST-KT"] + f["DIS-HG-KT"] == f["DIS-KT"]
    assert f["LET-CT"] + f["LET-ST"] + f["LET-HG"] == f["LET-00"] == 15
    assert f["LET-XX"] + f["LET-CH"] == 15 and f["LET-XX-KL"] + f["LET-XX-KD"] == f["LET-XX"]
    assert f["TRN-CT-L"] + f["TRN-HG-L"] + f["TRN-ST-L"] == f["TRN-00-L"] == 456
    assert f["TRN-CT-H"] + f["TRN-HG-H"] + f["TRN-ST-H"] == f["TRN-00-H"] == 33109


def test_targets_count():
    term2 = [i for i in ITEMS if i["term"] == "2025-2030"]
    assert len([i for i in term2 if i["owner"] == "DBCQD"]) == 8
    assert len([i for i in term2 if i["owner"] == "HDND"]) == 7
    assert re.search(r"\(8\) Hàng năm, 75% quần chúng", DOCS["BCCT"])
