"""Load and check questionnaire definitions, reporting errors with file, line and path."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .schema import Definition, consistency_problems


@dataclass(frozen=True)
class Problem:
    """One error in a definition file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"


class DefinitionError(ValueError):
    """A definition that does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_index(node, loc=(), index=None) -> dict[tuple, int]:
    """Map every key path in a composed YAML node tree to its 1-based line."""
    index = {} if index is None else index
    index.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            index[loc + (key,)] = key_node.start_mark.line + 1
            _line_index(value_node, loc + (key,), index)
            index[loc + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _line_index(child, loc + (i,), index)
    return index


def _line_for(index: dict[tuple, int], loc: tuple) -> int | None:
    """The line of the deepest known prefix of a location."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in index:
            return index[loc[:end]]
    return None


def _message(error: dict) -> str:
    """A pydantic error as one readable sentence."""
    if error["type"] == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not one of {expected}"
    if error["type"] == "extra_forbidden":
        return "unknown key (check its spelling)"
    if error["type"] == "missing":
        return "is required"
    msg = error["msg"]
    return msg.removeprefix("Value error, ")


def _parse_loc(path: str) -> tuple:
    """'sections[2].items[4].id' → ('sections', 2, 'items', 4, 'id')."""
    parts: list = []
    for chunk in path.replace("]", "").split("."):
        for j, piece in enumerate(chunk.split("[")):
            if piece:
                parts.append(int(piece) if j else piece)
    return tuple(parts)


def parse_definition(text: str, filename: str = "<text>") -> Definition:
    """Parse YAML text into a Definition or raise DefinitionError listing every problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DefinitionError([Problem(filename, line, "", f"not valid YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise DefinitionError([Problem(filename, 1, "", "the file must hold a mapping")])
    index = _line_index(node)
    try:
        definition = Definition.model_validate(data, context={"skip_consistency": True})
    except ValidationError as exc:
        problems = [
            Problem(filename, _line_for(index, tuple(e["loc"])), _format_loc(tuple(e["loc"])),
                    _message(e))
            for e in exc.errors()
        ]
        raise DefinitionError(problems) from None
    problems = [
        Problem(filename, _line_for(index, _parse_loc(path)), path, msg)
        for path, msg in consistency_problems(definition)
    ]
    if problems:
        raise DefinitionError(problems)
    return definition


def load_definition(path: str | Path) -> Definition:
    """Read and validate one definition file."""
    path = Path(path)
    return parse_definition(path.read_text(encoding="utf-8"), _display_name(path))


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_files(paths: list[Path]) -> list[Problem]:
    """Every problem in the given files (empty when all are valid)."""
    problems: list[Problem] = []
    for path in paths:
        try:
            load_definition(path)
        except DefinitionError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(str(path), None, "", f"cannot read: {exc.strerror}"))
    return problems


def definition_files(directory: str | Path) -> list[Path]:
    """The definition files of a questionnaires folder (schemes excluded)."""
    return sorted(p for p in Path(directory).glob("*.yaml") if p.is_file())


def canonical_json(definition: Definition) -> str:
    """Canonical JSON of a definition: what is stored and hashed."""
    return json.dumps(definition.model_dump(mode="json", exclude_none=True),
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def definition_sha256(definition: Definition) -> str:
    """sha256 of the canonical JSON."""
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


def is_visible(item, answers: dict) -> bool:
    """Evaluate an item's show_if against answers given so far (item id → value)."""
    return item.show_if is None or _holds(item.show_if, answers)


def _holds(cond, answers: dict) -> bool:
    if cond.all is not None:
        return all(_holds(c, answers) for c in cond.all)
    if cond.any is not None:
        return any(_holds(c, answers) for c in cond.any)
    value = answers.get(cond.item)
    if cond.op == "answered":
        return value not in (None, "", [])
    if value in (None, "", []):
        return False
    return _compare(cond.op, value, cond.value)


def _compare(op: str, value, target) -> bool:
    values = value if isinstance(value, list) else [value]
    as_str = {str(v) for v in values}
    if op in ("in", "not_in"):
        targets = {str(t) for t in (target if isinstance(target, list) else [target])}
        hit = bool(as_str & targets)
        return hit if op == "in" else not hit
    if op in ("eq", "ne"):
        hit = str(target) in as_str
        return hit if op == "eq" else not hit
    try:
        number, limit = float(values[0]), float(target)
    except (TypeError, ValueError):
        return False
    return number >= limit if op == "gte" else number <= limit
