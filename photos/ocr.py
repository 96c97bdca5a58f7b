"""The OCR engine: RapidOCR with the PP-OCR models that ship inside its wheel.

The model files are named explicitly, so the engine never looks for them on a hub.
One engine per process, made on first use; one thread each, since the pool runs the
processes side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import rapidocr
from rapidocr import RapidOCR
from rapidocr.ch_ppocr_rec.typings import TextRecOutput
from rapidocr.utils.output import RapidOCROutput

MODELS = Path(rapidocr.__file__).parent / "models"
MODEL_FILES = (
    MODELS / "PP-OCRv6_det_small.onnx",
    MODELS / "PP-OCRv6_rec_small.onnx",
    MODELS / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",  # not used, but named so nothing is fetched
)
_PARAMS = {
    "Global.log_level": "error",
    "Global.use_cls": False,
    "Det.model_path": str(MODEL_FILES[0]),
    "Rec.model_path": str(MODEL_FILES[1]),
    "Cls.model_path": str(MODEL_FILES[2]),
    "Det.limit_type": "max",
    "Det.limit_side_len": 736,
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}


@dataclass(frozen=True)
class Text:
    """One line of text the engine found: its four corners (clockwise from top left)."""

    corners: np.ndarray
    text: str
    score: float


@cache
def engine() -> RapidOCR:
    """The process's engine, loaded from the bundled model files."""
    return RapidOCR(params=_PARAMS)


def texts(image: np.ndarray) -> list[Text]:
    """Every line of text on a BGR image."""
    found = engine()(image, use_det=True, use_cls=False, use_rec=True)  # the engine keeps the last call's
    if not isinstance(found, RapidOCROutput) or found.boxes is None or found.txts is None or found.scores is None:
        return []
    return [
        Text(np.asarray(box, dtype=np.float32), text, float(score))
        for box, text, score in zip(found.boxes, found.txts, found.scores, strict=True)
    ]


def line(image: np.ndarray) -> Text | None:
    """The text of an image that holds one line, read without looking for where it is."""
    found = engine()(image, use_det=False, use_cls=False, use_rec=True)
    if not isinstance(found, TextRecOutput) or not found.txts or not found.txts[0]:
        return None
    height, width = image.shape[:2]
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    return Text(corners, found.txts[0], float(found.scores[0]))
