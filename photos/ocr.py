"""The OCR engine: PP-OCRv6's text detector and recogniser on ONNX Runtime.

The models are the ones that ship inside RapidOCR's wheel; its pipeline is not imported (its
configuration, download and geometry modules weigh about 30 MB) and its steps are done here
as it does them: the photo scaled for the detector, the detector's map of text turned into
boxes (Differentiable Binarization, as PP-OCR's `DBPostProcess`), each box cut out level and
read 48 pixels high in batches, and the recogniser's classes decoded by CTC.

Three things keep the worker under 150 MB (`benchmarks/photos.py`): the detector sees the
photo at 576 pixels, not RapidOCR's 736 (about 20 MB less work; one or two more LCDs of the
benchmark's 150 ask to be typed, none is read wrong; at 544 an LCD's "1.0" splits off); the
recogniser's last layer is cut to the characters a meter here may show (Latin, Greek, digits,
signs, full-width forms): its 16,800 other classes (CJK, kana) weigh 9 MB and make 27 MB of
output a batch, and never make a reading; and one model is loaded at a time. ONNX Runtime
keeps no memory between runs. One engine per process, one thread.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import onnxruntime as ort

from photos.onnx_file import OnnxFile

MODELS = Path(importlib.util.find_spec("rapidocr").origin or "").parent / "models"
DETECTOR = MODELS / "PP-OCRv6_det_small.onnx"
RECOGNISER = MODELS / "PP-OCRv6_rec_small.onnx"
MODEL_FILES = (DETECTOR, RECOGNISER)

DETECTOR_SIDE = 576  # pixels: the longest side of the photo the detector sees
TEXT = 0.3  # a pixel of the detector's map is text above this
BOX_SCORE = 0.5  # a box is kept when its pixels' mean score reaches this
GROWTH = 1.6  # a box grows by its area × this ÷ its perimeter on every side
SMALLEST = 3  # pixels of the detector's map: a box's shorter side
MOST_BOXES = 1000  # blobs of the detector's map looked at
SAME_LINE = 10  # pixels: boxes whose tops are this close to the one above are on its line
LINE_HEIGHT = 48  # pixels: the height the recogniser reads a line at
LINE_WIDTH = 320  # pixels: the narrowest a batch of lines is padded to
BATCH = 6  # lines read at once
TEXT_SCORE = 0.5  # a line read with a lower mean score is left out
_LAST_LAYER = "linear_8"  # the recogniser's classifier: weights (120, classes), bias (classes)


@dataclass(frozen=True)
class Text:
    """One line of text the engine found: its four corners (clockwise from top left)."""

    corners: np.ndarray
    text: str
    score: float


class _Engine:
    """The two models, one loaded at a time: the detector for a photo, then the recogniser for its
    lines, its last layer cut to `characters`. Both loaded during the detector's work would add
    13 MB to the worker's peak; loading one costs 0.04 s (detector) or 0.07 s (recogniser)."""

    def __init__(self) -> None:
        model = OnnxFile(RECOGNISER)
        classes = ["", *model.metadata()["character"].splitlines(), " "]  # CTC: blank first, space last
        kept = [index for index, character in enumerate(classes) if index == 0 or _on_meters(character)]
        self.characters = [classes[index] for index in kept]
        self._last_layer = {  # must outlive every session made with them: ONNX Runtime reads them in place
            f"{_LAST_LAYER}.{part}": ort.OrtValue.ortvalue_from_numpy(
                np.ascontiguousarray(model.floats(f"{_LAST_LAYER}.{part}")[..., kept]))
            for part in ("w_0", "b_0")
        }
        self._loaded: tuple[Path, ort.InferenceSession] | None = None

    def detect(self, blob: np.ndarray) -> np.ndarray:
        """The detector's map of text for an image blob (1, 3, height, width)."""
        return self._session(DETECTOR).run(None, {"x": blob})[0][0, 0]

    def recognise(self, blob: np.ndarray) -> np.ndarray:
        """The chances of each class at each step, for a batch of line blobs (lines, 3, 48, width)."""
        return self._session(RECOGNISER).run(None, {"x": blob})[0]

    def _session(self, model: Path) -> ort.InferenceSession:
        if self._loaded is None or self._loaded[0] != model:
            self._loaded = None  # the other model is let go first
            options = _options()
            if model == RECOGNISER:
                for name, value in self._last_layer.items():
                    options.add_initializer(name, value)
            self._loaded = (model, ort.InferenceSession(model, options, providers=["CPUExecutionProvider"]))
        return self._loaded[1]


def _options() -> ort.SessionOptions:
    """One thread, no memory kept between runs, errors only in the log."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = options.enable_mem_pattern = False
    options.log_severity_level = 3
    return options


def _on_meters(character: str) -> bool:
    """Latin, Greek and their signs; punctuation, units and symbols; full-width forms."""
    code = ord(character[0])
    return code < 0x0530 or 0x2000 <= code < 0x2C00 or 0xFF00 <= code < 0xFFF0


@cache
def engine() -> _Engine:
    """The process's engine: the recogniser's cut last layer read from its file; each model is
    loaded from the bundled files when it is first needed."""
    return _Engine()


def texts(image: np.ndarray) -> list[Text]:
    """Every line of text on a BGR image, top to bottom."""
    boxes = _boxes(image)
    read = _read([_cut_out(image, box) for box in boxes])
    return [Text(box, text, score) for box, (text, score) in zip(boxes, read, strict=True) if text.strip() and score >= TEXT_SCORE]


def line(image: np.ndarray) -> Text | None:
    """The text of an image that holds one line, read without looking for where it is."""
    [(text, score)] = _read([image])
    if not text:
        return None
    height, width = image.shape[:2]
    return Text(_rectangle(width, height), text, score)


def _boxes(image: np.ndarray) -> list[np.ndarray]:
    """The corners of every box of text the detector finds, in the image's pixels, in reading order."""
    height, width = image.shape[:2]
    scale = min(1.0, DETECTOR_SIDE / max(height, width))
    size = (round(int(width * scale) / 32) * 32, round(int(height * scale) / 32) * 32)
    if min(size) <= 0:
        return []
    blob = cv2.dnn.blobFromImage(cv2.resize(image, size), 2 / 255, mean=(127.5, 127.5, 127.5))
    score = engine().detect(blob)
    mask = cv2.dilate((score > TEXT).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes = (_box(contour, score, (width / size[0], height / size[1]), (width - 1, height - 1)) for contour in contours[:MOST_BOXES])
    return _reading_order([box for box in boxes if box is not None])


def _box(contour: np.ndarray, score: np.ndarray, scale: tuple[float, float], last: tuple[int, int]) -> np.ndarray | None:
    """The box around a blob of the detector's map, grown, in the image's pixels (`scale` from the
    map's, `last` the image's last column and row); `None` for a blob too thin or too faint."""
    centre, sides, angle = cv2.minAreaRect(contour)
    if min(sides) < SMALLEST or _mean_score(score, cv2.boxPoints((centre, sides, angle))) < BOX_SCORE:
        return None
    grow = sides[0] * sides[1] * GROWTH / (2 * (sides[0] + sides[1]))
    sides = (sides[0] + 2 * grow, sides[1] + 2 * grow)
    if min(sides) < SMALLEST + 2:
        return None
    corners = _clockwise(np.clip(np.round(cv2.boxPoints((centre, sides, angle)) * scale), 0, last))
    if min(int(np.linalg.norm(corners[0] - corners[1])), int(np.linalg.norm(corners[0] - corners[3]))) <= SMALLEST:
        return None
    return corners


def _mean_score(score: np.ndarray, corners: np.ndarray) -> float:
    """The mean of the detector's map inside a box, over the box's pixels."""
    height, width = score.shape
    left, top = np.clip(np.floor(corners.min(axis=0)).astype(int), 0, (width - 1, height - 1))
    right, bottom = np.clip(np.ceil(corners.max(axis=0)).astype(int), 0, (width - 1, height - 1))
    inside = np.zeros((bottom - top + 1, right - left + 1), np.uint8)
    cv2.fillPoly(inside, [(corners - (left, top)).astype(np.int32)], 1)
    return cv2.mean(score[top:bottom + 1, left:right + 1], inside)[0]


def _clockwise(corners: np.ndarray) -> np.ndarray:
    """Four corners from the top left, clockwise: the two leftmost are the left side."""
    by_x = corners[np.argsort(corners[:, 0], kind="stable")]
    (top_left, bottom_left), (top_right, bottom_right) = (
        side[np.argsort(side[:, 1], kind="stable")] for side in (by_x[:2], by_x[2:])
    )
    return np.array([top_left, top_right, bottom_right, bottom_left], np.float32)


def _reading_order(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Top to bottom; boxes on one line (`SAME_LINE`) left to right."""
    by_top = sorted(boxes, key=lambda box: float(box[0, 1]))
    lines = np.cumsum([0] + [float(b[0, 1] - a[0, 1]) >= SAME_LINE for a, b in zip(by_top, by_top[1:])])
    return [box for _, _, box in sorted(zip(lines, (float(b[0, 0]) for b in by_top), by_top), key=lambda x: x[:2])]


def _cut_out(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The box cut out of the image as a level rectangle; a tall one turned to lie."""
    width = int(max(np.linalg.norm(corners[0] - corners[1]), np.linalg.norm(corners[2] - corners[3])))
    height = int(max(np.linalg.norm(corners[0] - corners[3]), np.linalg.norm(corners[1] - corners[2])))
    level = cv2.warpPerspective(image, cv2.getPerspectiveTransform(corners, _rectangle(width, height)), (width, height),
                                borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    return np.rot90(level) if level.shape[0] >= 1.5 * level.shape[1] else level


def _rectangle(width: int, height: int) -> np.ndarray:
    """The corners of a `width` × `height` rectangle at the origin, clockwise from the top left."""
    return np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)


def _read(lines: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and mean score of each line image, read in batches of lines of like widths."""
    read: list[tuple[str, float]] = [("", 0.0)] * len(lines)
    ratios = [line.shape[1] / line.shape[0] for line in lines]
    order = sorted(range(len(lines)), key=ratios.__getitem__)
    for start in range(0, len(order), BATCH):
        batch = order[start:start + BATCH]
        widest = max([LINE_WIDTH / LINE_HEIGHT] + [ratios[index] for index in batch])
        blob = np.concatenate([_line_blob(lines[index], int(LINE_HEIGHT * widest)) for index in batch])
        chances = engine().recognise(blob)
        for index, row in zip(batch, chances, strict=True):
            read[index] = _decoded(row)
    return read


def _line_blob(image: np.ndarray, width: int) -> np.ndarray:
    """A line scaled to `LINE_HEIGHT`, its values in [-1, 1], padded on the right to `width`."""
    scaled = min(width, math.ceil(LINE_HEIGHT * image.shape[1] / image.shape[0]))
    blob = np.zeros((1, 3, LINE_HEIGHT, width), np.float32)
    blob[0, :, :, :scaled] = cv2.dnn.blobFromImage(cv2.resize(image, (scaled, LINE_HEIGHT)), 2 / 255,
                                                    mean=(127.5, 127.5, 127.5))[0]
    return blob


def _decoded(chances: np.ndarray) -> tuple[str, float]:
    """CTC: the likeliest class at each step, repeats joined and blanks dropped; the mean chance."""
    best = chances.argmax(axis=1)
    kept = np.ones(len(best), bool)
    kept[1:] = best[1:] != best[:-1]
    kept &= best != 0
    characters = engine().characters
    text = "".join(characters[index] for index in best[kept])
    return text, round(float(np.mean(chances.max(axis=1)[kept])) if kept.any() else 0.0, 5)
