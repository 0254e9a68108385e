"""JSON forms of the result dataclasses: to_jsonable, and from_jsonable to read them back.

Cached results are stored as JSON; from_jsonable rebuilds the same typed objects the engine
returns, so that a cached and a fresh result look identical to every caller.
"""
from __future__ import annotations

import dataclasses
import math
import types
import typing
from functools import cache
from typing import Any, Union

import numpy as np


def to_jsonable(obj: Any) -> Any:
    """Recursively convert dataclasses, numpy values and tuples to JSON types (NaN/inf → None)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [to_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        return x if math.isfinite(x) else None
    if isinstance(obj, (np.datetime64,)):
        return None if np.isnat(obj) else str(obj)
    return obj


@cache
def _hints(cls) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, value: Any) -> Any:
    """Convert a JSON value to the annotated type (dataclasses, tuples, dicts, unions)."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if tp is Any or tp is object:
        return value
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return from_jsonable(options[0], value) if len(options) == 1 else _first_fit(options, value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: from_jsonable(hints[f.name], value.get(f.name))
                     for f in dataclasses.fields(tp) if f.name in value})
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], v) for v in value)
        return tuple(from_jsonable(a, v) for a, v in zip(args, value, strict=False))
    if origin in (list, typing.get_origin(list[int])):
        (arg,) = typing.get_args(tp) or (Any,)
        return [from_jsonable(arg, v) for v in value]
    if origin is dict:
        key_t, val_t = typing.get_args(tp) or (Any, Any)
        return {from_jsonable(key_t, k): from_jsonable(val_t, v) for k, v in value.items()}
    if tp is np.ndarray:
        return np.asarray(value, dtype=float)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return value  # an int is a valid float; keeping it makes the round trip exact
    if tp in (int, float, str, bool):
        return tp(value)
    return value


def _first_fit(options: list, value: Any) -> Any:
    """For a union of several types, the first that accepts the value."""
    for option in options:
        if option in (int, float, str, bool) and isinstance(value, option):
            return value
    for option in options:
        try:
            return from_jsonable(option, value)
        except (TypeError, ValueError, AttributeError):
            continue
    return value
