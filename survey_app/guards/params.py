"""Query and form values as the app reads them: clean text, integers in range."""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from .converters import MAX_INT
from .text import clean_text


def bounded_int(value) -> int:
    """int(value) within a database integer's range; ValueError otherwise."""
    text = str(value).strip()
    if len(text) > 12:
        raise ValueError("integer too long")
    number = int(text)
    if not -MAX_INT - 1 <= number <= MAX_INT:
        raise ValueError("integer out of range")
    return number


def _typed(type_):
    return bounded_int if type_ is int else type_


def _cleaned(pairs):
    for key, value in pairs:
        yield (clean_text(key) if isinstance(key, str) else key,
               clean_text(value) if isinstance(value, str) else value)


class CleanMultiDict(ImmutableMultiDict):
    """ImmutableMultiDict whose text has no disallowed characters and whose ``type=int``
    reads are bounded (an out-of-range number counts as invalid, like ``abc``)."""

    def __init__(self, mapping=None) -> None:
        if mapping is None:
            super().__init__()
            return
        if hasattr(mapping, "items") and not isinstance(mapping, list | tuple):
            pairs = mapping.items(multi=True) if hasattr(mapping, "getlist") else mapping.items()
            mapping = list(_cleaned(_flat(pairs)))
        else:
            mapping = list(_cleaned(mapping))
        super().__init__(mapping)

    def get(self, key, default=None, type=None):  # noqa: A002 (Werkzeug's signature)
        return super().get(key, default=default, type=_typed(type))

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, type=_typed(type))


def _flat(pairs):
    for key, value in pairs:
        if isinstance(value, list | tuple):
            for item in value:
                yield key, item
        else:
            yield key, value


class GuardedRequest(Request):
    """The app's request: ``args``, ``form`` (and ``values``) hold only clean text."""

    parameter_storage_class = CleanMultiDict
