"""Synthetic photos of electricity meters, each with the value a person reads on it.

Two styles: `drum` (white digits on black drums, the last drum red: the fraction) and
`lcd` (a seven-segment display, sometimes with a decimal point and a fraction digit).
Every face also carries decoy numbers: a serial number, the year, "220V 5(60)A", a type
label and the "imp/kWh" constant. The photo is then turned, blurred, lit by a glare and
saved as a JPEG. Everything follows from the seed, so a photo can be made again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

STYLES = ("drum", "lcd")
_Box = tuple[int, int, int, int]
_TYPES = ("NIK 2102", "GAMA 100", "CE 101", "MTX 1A10", "EM-1021", "Energomera")

# Segments a..g of a seven-segment digit, as lit by each digit.
_SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abdeg", "3": "abcdg", "4": "bcfg",
    "5": "acdfg", "6": "acdefg", "7": "abc", "8": "abcdefg", "9": "abcdfg",
}


@dataclass(frozen=True)
class MeterPhoto:
    """A JPEG photo of a meter and what it shows: `value` keeps the leading zeros.

    `fraction` is what the red drum or the digits after the LCD's point show, if any.
    """

    jpeg: bytes
    value: str
    fraction: str
    digits: int
    style: str


def meter_photo(seed: int, style: str, hard: bool = True, value: str | None = None) -> MeterPhoto:
    """Make the photo of `style` for `seed`; `hard=False` leaves out turning, blur and glare;
    `value` (digits with leading zeros) replaces the seed's own, all else staying the same."""
    rng = random.Random(f"{style}-{seed}")
    digits = rng.choice((5, 6, 6, 7, 7, 8) if style == "lcd" else (5, 6, 6, 7))
    own = _value(rng, digits)
    value = value or own
    digits = len(value)
    face = _face(rng)
    draw = ImageDraw.Draw(face)
    window = _drum_register if style == "drum" else _lcd_register
    box, fraction = window(rng, draw, value)
    _decoys(rng, draw, box)
    image = cv2.cvtColor(np.asarray(face), cv2.COLOR_RGB2BGR)
    photo = _photograph(rng, image, hard)
    quality = rng.randint(45, 90) if hard else 92
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return MeterPhoto(jpeg.tobytes(), value, fraction, digits, style)


def _value(rng: random.Random, digits: int) -> str:
    leading = rng.choice((1, 2, 2, 3, digits - 3))
    number = rng.randrange(10 ** (digits - leading))
    return str(number).zfill(digits)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size)  # type: ignore[return-value]


def _face(rng: random.Random) -> Image.Image:
    width, height = 1000, 760
    wall = tuple(rng.randint(60, 200) for _ in range(3))
    image = Image.new("RGB", (width, height), wall)  # type: ignore[arg-type]
    grey = rng.randint(205, 245)
    body = (grey, grey, grey - rng.randint(0, 15))
    ImageDraw.Draw(image).rounded_rectangle((60, 40, 940, 720), 30, fill=body, outline=(90,) * 3)
    return image


def _drum_register(rng: random.Random, draw: ImageDraw.ImageDraw, value: str) -> tuple[_Box, str]:
    size = rng.randint(44, 62)
    cell_w, cell_h = int(size * 0.85), int(size * 1.35)
    cells = len(value) + 1
    left = rng.randint(130, 900 - cells * cell_w - 140)
    top = rng.randint(230, 330)
    right, bottom = left + cells * cell_w, top + cell_h
    draw.rectangle((left - 8, top - 8, right + 8, bottom + 8), fill=(35, 35, 35))
    font = _font(size)
    fraction = str(rng.randrange(10))
    for index, char in enumerate(value + fraction):
        x = left + index * cell_w
        red = index == len(value)
        drum = (170, 20, 25) if red else (12, 12, 12)
        draw.rectangle((x + 2, top, x + cell_w - 2, bottom), fill=drum)
        shift = rng.randint(-3, 3)
        draw.text((x + cell_w / 2, top + cell_h / 2 + shift), char, font=font,
                  fill=(240, 240, 235), anchor="mm")
    draw.text((right + 16, top + cell_h / 2), "kWh", font=_font(28), fill=(30, 30, 30), anchor="lm")
    return (left - 8, top - 8, right + 8, bottom + 8), fraction


def _lcd_register(rng: random.Random, draw: ImageDraw.ImageDraw, value: str) -> tuple[_Box, str]:
    height = rng.randint(60, 90)
    width = int(height * 0.55)
    step = int(width * 1.35)
    has_fraction = rng.random() < 0.5
    cells = len(value) + has_fraction
    left = rng.randint(140, 880 - cells * step - 120)
    top = rng.randint(230, 320)
    pad = 24
    box = (left - pad, top - pad, left + cells * step + pad + 70, top + height + pad)
    shade = rng.randint(150, 190)
    draw.rectangle(box, fill=(shade - 10, shade + 15, shade - 20), outline=(60, 60, 60), width=4)
    ink = (25, 30, 25)
    thick = max(6, height // 9)
    fraction = str(rng.randrange(10)) if has_fraction else ""
    shown = value + fraction
    for index, char in enumerate(shown):
        _seven_segment(draw, left + index * step, top, width, height, thick, char, ink)
    if fraction:
        dot_x = left + len(value) * step - (step - width) // 2 - thick // 2
        draw.rectangle((dot_x - thick // 2, top + height - thick, dot_x + thick // 2, top + height),
                       fill=ink)
    draw.text((box[2] - 60, top + height), "kWh", font=_font(24), fill=ink, anchor="ls")
    return box, fraction


def _seven_segment(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int, t: int,
                   char: str, ink: tuple[int, int, int]) -> None:
    half = h // 2
    bars = {
        "a": (x + t, y, x + w - t, y + t),
        "b": (x + w - t, y + t, x + w, y + half),
        "c": (x + w - t, y + half, x + w, y + h - t),
        "d": (x + t, y + h - t, x + w - t, y + h),
        "e": (x, y + half, x + t, y + h - t),
        "f": (x, y + t, x + t, y + half),
        "g": (x + t, y + half - t // 2, x + w - t, y + half + t // 2),
    }
    for segment in _SEGMENTS[char]:
        draw.rectangle(bars[segment], fill=ink)


def _decoys(rng: random.Random, draw: ImageDraw.ImageDraw, register: _Box) -> None:
    ink = (30, 30, 30)
    serial = "".join(str(rng.randrange(10)) for _ in range(rng.choice((6, 7, 8, 9, 10))))
    draw.text((rng.randint(120, 500), 100), rng.choice(_TYPES), font=_font(40), fill=ink)
    below = [
        f"No {serial}",
        str(rng.randint(1995, 2024)),
        "220V 5(60)A 50Hz",
        f"{rng.choice((800, 1600, 3200, 6400))} imp/kWh",
    ]
    rng.shuffle(below)
    for index, text in enumerate(below):
        y = register[3] + 40 + 48 * index
        draw.text((rng.randint(120, 420), y), text, font=_font(rng.randint(26, 34)), fill=ink)


def _photograph(rng: random.Random, image: np.ndarray, hard: bool) -> np.ndarray:
    if not hard:
        return image
    photo = _glare(rng, _tilt(rng, image))
    blur = rng.choice((0, 0, 3, 5))
    if blur:
        photo = cv2.GaussianBlur(photo, (blur, blur), 0)
    if rng.random() < 0.25:
        photo = _shake(rng, photo)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 8), photo.shape)
    return np.clip(photo + noise, 0, 255).astype(np.uint8)


def _tilt(rng: random.Random, image: np.ndarray) -> np.ndarray:
    """Turned, taken from a little aside, and from further away."""
    height, width = image.shape[:2]
    angle = np.radians(rng.uniform(-8, 8))
    scale = rng.uniform(0.6, 1.05)
    centre = np.array([width / 2, height / 2])
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]) * scale
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    moved = (corners - centre) @ turn.T + centre
    moved += [[rng.uniform(-0.05, 0.05) * width, rng.uniform(-0.05, 0.05) * height] for _ in range(4)]
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), moved.astype(np.float32))
    border = tuple(int(v) for v in image[5, 5])
    return cv2.warpPerspective(image, matrix, (width, height), borderValue=border)


def _shake(rng: random.Random, photo: np.ndarray) -> np.ndarray:
    """A shaken hand: a short streak of blur in one direction."""
    length = rng.randint(3, 9)
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1 / length
    turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    return cv2.filter2D(photo, -1, kernel / max(float(kernel.sum()), 1e-6))


def _glare(rng: random.Random, photo: np.ndarray) -> np.ndarray:
    height, width = photo.shape[:2]
    light = np.zeros((height, width), np.float32)
    centre = (rng.randint(0, width), rng.randint(0, height))
    axes = (rng.randint(60, 220), rng.randint(40, 140))
    cv2.ellipse(light, centre, axes, rng.uniform(0, 180), 0, 360, 1.0, -1)
    light = cv2.GaussianBlur(light, (0, 0), 35) * rng.uniform(0.2, 0.6)
    lit = photo.astype(np.float32) + light[..., None] * (255 - photo.astype(np.float32))
    return lit.astype(np.uint8)
