"""Cutting a row of text out of a photo, level, at a set height."""

from __future__ import annotations

import cv2
import numpy as np


def level_row(image: np.ndarray, corners: np.ndarray, height: int, box: float, margin: float) -> np.ndarray:
    """The row inside `corners` (clockwise from top left), turned level, `height` pixels high.

    The box fills the share `box` of the height, in the middle; `margin` box heights are
    added on each side, for digits the engine's box left out.
    """
    top_left, top_right, bottom_right, bottom_left = corners.astype(np.float32)
    box_height = box * height
    scale = box_height / max(float(np.linalg.norm(bottom_left - top_left)), 1.0)
    side = margin * box_height
    box_width = float(np.linalg.norm(top_right - top_left)) * scale
    top, bottom = (height - box_height) / 2, (height + box_height) / 2
    source = np.array([top_left, top_right, bottom_right], np.float32)
    target = np.array([[side, top], [side + box_width, top], [side + box_width, bottom]], np.float32)
    return cv2.warpAffine(image, cv2.getAffineTransform(source, target), (int(box_width + 2 * side), height),
                          flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
