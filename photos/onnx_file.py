"""Two things read straight from an ONNX file: its metadata and one weight tensor.

An ONNX file is a protocol buffer (onnx.proto: `ModelProto`). Only the few fields needed
here are read, from the wire format, so that the photo worker does not import the `onnx`
package and its protobuf runtime to slice one layer of a model.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

_GRAPH, _METADATA = 7, 14  # ModelProto
_INITIALIZER = 5  # GraphProto
_DIMS, _DATA_TYPE, _NAME, _RAW_DATA = 1, 2, 8, 9  # TensorProto
_KEY, _VALUE = 1, 2  # StringStringEntryProto
_FLOAT = 1  # TensorProto.DataType
_VARINT, _FIXED64, _LENGTH, _FIXED32 = 0, 1, 2, 5  # wire types


class OnnxFile:
    """An ONNX model file, read once into memory; let it go when done."""

    def __init__(self, path: Path) -> None:
        self._model = memoryview(path.read_bytes())

    def metadata(self) -> dict[str, str]:
        """The model's metadata (`metadata_props`)."""
        entries = (dict(_fields(value)) for number, value in _fields(self._model) if number == _METADATA)
        return {bytes(entry[_KEY]).decode(): bytes(entry[_VALUE]).decode() for entry in entries}

    def floats(self, name: str) -> np.ndarray:
        """A float32 weight tensor (an initializer of the graph), by name; a copy."""
        graph = next(value for number, value in _fields(self._model) if number == _GRAPH)
        for number, value in _fields(graph):
            if number != _INITIALIZER:
                continue
            tensor = list(_fields(value))
            if bytes(_first(tensor, _NAME)) != name.encode():
                continue
            if _first(tensor, _DATA_TYPE) != _FLOAT:
                raise ValueError(f"{name} is not float32")
            shape = [dim for number, dim in tensor if number == _DIMS]
            return np.frombuffer(_first(tensor, _RAW_DATA), "<f4").reshape(shape).copy()
        raise KeyError(name)


def _first(fields: list[tuple[int, memoryview | int]], wanted: int) -> memoryview | int:
    return next(value for number, value in fields if number == wanted)


def _fields(message: memoryview) -> Iterator[tuple[int, memoryview | int]]:
    """The fields of a message, in order: (field number, value), a length-delimited value as a view."""
    at = 0
    while at < len(message):
        key, at = _varint(message, at)
        kind = key & 7
        if kind == _VARINT:
            value, at = _varint(message, at)
            yield key >> 3, value
            continue
        size = {_FIXED64: 8, _FIXED32: 4}.get(kind)
        if size is None:
            if kind != _LENGTH:
                raise ValueError(f"wire type {kind} is not in ONNX files")
            size, at = _varint(message, at)
        yield key >> 3, message[at:at + size]
        at += size


def _varint(message: memoryview, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = message[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
