"""Rebuild the stats result dataclasses from their JSON form (PeriodResult.to_dict()).

Cached results are stored as JSON; pages, reports and the API read them back as the same typed
objects the engine returns, so a cached and a fresh result look identical to callers.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Union

import numpy as np

from ..stats import PeriodResult


@cache
def _hints(cls) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def revive(tp: Any, value: Any) -> Any:
    """Convert a JSON value to the annotated type (dataclasses, tuples, dicts, unions)."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if tp is Any or tp is object:
        return value
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return revive(options[0], value) if len(options) == 1 else _first_fit(options, value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: revive(hints[f.name], value.get(f.name))
                     for f in dataclasses.fields(tp) if f.name in value})
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(revive(args[0], v) for v in value)
        return tuple(revive(a, v) for a, v in zip(args, value, strict=False))
    if origin in (list, typing.get_origin(list[int])):
        (arg,) = typing.get_args(tp) or (Any,)
        return [revive(arg, v) for v in value]
    if origin is dict:
        key_t, val_t = typing.get_args(tp) or (Any, Any)
        return {revive(key_t, k): revive(val_t, v) for k, v in value.items()}
    if tp is np.ndarray:
        return np.asarray(value, dtype=float)
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
            return revive(option, value)
        except (TypeError, ValueError, AttributeError):
            continue
    return value


def period_result_from_dict(data: dict) -> PeriodResult:
    """A PeriodResult from its to_dict() form."""
    return revive(PeriodResult, data)
