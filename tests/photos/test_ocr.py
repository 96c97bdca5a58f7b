"""The OCR engine's own steps: the model file read without the onnx package, the recogniser's cut
last layer, CTC decoding, and the order of boxes."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from photos import ocr
from photos.images import decode
from photos.onnx_file import OnnxFile
from tests.photos.synthetic import meter_photo


def test_the_recognisers_metadata_and_last_layer_are_read_from_its_file() -> None:
    model = OnnxFile(ocr.RECOGNISER)
    characters = model.metadata()["character"].splitlines()
    weights, bias = model.floats("linear_8.w_0"), model.floats("linear_8.b_0")
    assert weights.dtype == np.float32 and weights.shape == (120, len(characters) + 2)  # blank and space
    assert bias.shape == (len(characters) + 2,)
    with pytest.raises(KeyError):
        model.floats("no such tensor")


def test_the_cut_recogniser_gives_the_full_ones_chances_among_the_characters_kept() -> None:
    """The same logits for the classes kept; only the softmax is over fewer classes."""
    classes = ["", *OnnxFile(ocr.RECOGNISER).metadata()["character"].splitlines(), " "]
    kept = [index for index, character in enumerate(classes) if index == 0 or ocr._on_meters(character)]
    assert [classes[index] for index in kept] == ocr.engine().characters
    assert set("0123456789.,kWhNo") <= set(ocr.engine().characters) and "中" not in ocr.engine().characters
    photo = decode(meter_photo(1, "lcd", hard=False).jpeg)
    register = max(ocr.texts(photo), key=lambda text: np.linalg.norm(text.corners[0] - text.corners[3]))
    blob = ocr._line_blob(ocr._cut_out(photo, register.corners), 480)

    cut = ocr.engine().recognise(blob)
    full = ort.InferenceSession(ocr.RECOGNISER, providers=["CPUExecutionProvider"]).run(None, {"x": blob})[0][..., kept]
    assert np.allclose(cut, full / full.sum(axis=-1, keepdims=True), atol=1e-4)
    assert ocr._decoded(cut[0])[0] == ocr._decoded(full[0])[0] == register.text


def test_ctc_joins_repeats_drops_blanks_and_scores_the_characters_kept() -> None:
    characters = ocr.engine().characters
    one, two = characters.index("1"), characters.index("2")
    steps = [(0, 0.9), (one, 0.8), (one, 0.6), (0, 0.9), (one, 1.0), (two, 0.7), (0, 0.5)]
    chances = np.zeros((len(steps), len(characters)), np.float32)
    for step, (index, chance) in enumerate(steps):
        chances[step, index] = chance
    assert ocr._decoded(chances) == ("112", round((0.8 + 1.0 + 0.7) / 3, 5))
    assert ocr._decoded(chances[:1]) == ("", 0.0)


def test_box_corners_go_clockwise_from_the_top_left_and_boxes_in_reading_order() -> None:
    corners = np.array([[10, 30], [50, 5], [12, 8], [48, 28]], np.float32)
    assert ocr._clockwise(corners).tolist() == [[12, 8], [50, 5], [48, 28], [10, 30]]
    box = lambda left, top: np.array([[left, top], [left + 5, top], [left + 5, top + 5], [left, top + 5]], np.float32)  # noqa: E731
    below, right, left = box(0, 40), box(30, 12), box(5, 5)
    assert [b[0].tolist() for b in ocr._reading_order([below, right, left])] == [[5, 5], [30, 12], [0, 40]]


def test_one_model_is_loaded_at_a_time() -> None:
    engine = ocr.engine()
    engine.detect(np.zeros((1, 3, 64, 64), np.float32))
    assert engine._loaded is not None and engine._loaded[0] == ocr.DETECTOR
    engine.recognise(np.zeros((1, 3, 48, 320), np.float32))
    assert engine._loaded is not None and engine._loaded[0] == ocr.RECOGNISER
