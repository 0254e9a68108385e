"""Forms for choosing a scheme and setting weights (direct, AHP, entropy)."""

from __future__ import annotations

from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange

from ..guards.fields import FiniteFloatField
from . import schemes, weighting
from .texts import method_label
from .weighting import SAATY_VALUES

#: Saaty's verbal scale; the even values lie between their neighbours
DEGREES = {
    9: _l("extremely more important than"),
    8: _l("very strongly to extremely more important than"),
    7: _l("very strongly more important than"),
    6: _l("strongly to very strongly more important than"),
    5: _l("strongly more important than"),
    4: _l("moderately to strongly more important than"),
    3: _l("moderately more important than"),
    2: _l("equally to moderately more important than"),
}


class ChooseSchemeForm(FlaskForm):
    scheme_version_id = SelectField(_l("Scheme used for this community's results"), coerce=int,
                                    validators=[DataRequired()])


class PublishForm(FlaskForm):
    """Only the CSRF token: publishes the scheme files."""


def direct_form(children, formdata=None, data=None):
    """A form with one weight field per child dimension."""

    class DirectForm(FlaskForm):
        pass

    for node, label in children:
        setattr(DirectForm, f"w_{node.key}", FiniteFloatField(
            label, validators=[InputRequired(message=_l("Enter a number.")),
                               NumberRange(min=0, message=_l("A weight cannot be negative."))]))
    return DirectForm(formdata=formdata, data=data) if formdata is not None \
        else DirectForm(data=data)


def sentence(a: str, b: str, value: str) -> str:
    """A Saaty judgement as a sentence: 「清洁卫生 比 绿化养护 稍微重要」."""
    if value == "1":
        return _("%(a)s and %(b)s are equally important", a=a, b=b)
    if value.startswith("1/"):
        a, b, value = b, a, value[2:]
    return _("%(a)s is %(degree)s %(b)s", a=a, b=b, degree=DEGREES[int(value)])


def ahp_form(labels: list[str], formdata=None, data=None):
    """A form with one select per pair (i < j), each offering Saaty's 17 judgements."""

    class AHPForm(FlaskForm):
        pass

    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            choices = [SelectChoice(v, sentence(labels[i], labels[j], v)) for v in SAATY_VALUES]
            setattr(AHPForm, f"p_{i}_{j}", SelectField(
                f"{labels[i]} — {labels[j]}", choices=choices, default="1",
                validators=[DataRequired()]))
    return AHPForm(formdata=formdata, data=data) if formdata is not None \
        else AHPForm(data=data)


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class EntropyForm(FlaskForm):
    periods = MultiCheckboxField(_l("Periods whose data are used"), coerce=int,
                                 validators=[DataRequired(message=_l("Choose at least one period."))])
    units = RadioField(_l("Units compared"), default="buildings", choices=[
        SelectChoice("buildings",
                     _l("Buildings (owner-survey scores of each building in each period)")),
        SelectChoice("periods", _l("Periods (combined dimension scores of each period)")),
    ], validators=[DataRequired()])


def version_choices() -> list[SelectChoice]:
    """(id, title) of every stored scheme version."""
    schemes.ensure_default()
    return [SelectChoice(v.id, f"{v.title} · {method_label(v.weight_method)}")
            for v in schemes.versions()]


def attach_error(form, exc: weighting.WeightingError, prefix: str) -> str | None:
    """Put a weighting error on its field; returns the form-level message otherwise."""
    name = f"{prefix}{exc.field}" if exc.field else None
    if name and name in form:
        form[name].errors = list(form[name].errors) + [str(exc)]
        return None
    return str(exc)


def ahp_defaults(version, parent: str, n: int) -> dict[str, str]:
    """The judgements stored with the active version for this group (else all '1')."""
    entry = (version.method_details or {}).get("groups", {}).get(parent) or {}
    matrix = entry.get("matrix") if entry.get("method") == "ahp" else None
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            out[f"p_{i}_{j}"] = _nearest(matrix[i][j]) if matrix and len(matrix) == n else "1"
    return out


def _nearest(value: float) -> str:
    """The scale value closest to a stored judgement."""
    return min(weighting.SAATY_VALUES, key=lambda v: abs(float(Fraction(v)) - value))


def ahp_judgements(form, n: int) -> dict[tuple[int, int], float]:
    """Upper-triangle judgements from the AHP form."""
    out = {}
    for i in range(n):
        for j in range(i + 1, n):
            try:
                out[(i, j)] = weighting.parse_judgement(form[f"p_{i}_{j}"].data)
            except ValueError:
                raise weighting.WeightingError(f"p_{i}_{j}",
                                               _("Choose one of the offered judgements.")) from None
    return out


def ahp_pairs(form, n: int) -> list[dict]:
    """The form's pair fields with their indices (for the template and the script)."""
    return [{"i": i, "j": j, "field": form[f"p_{i}_{j}"]}
            for i in range(n) for j in range(i + 1, n)]


def bad_pair(form, n: int, error: str | None) -> tuple[int, int] | None:
    """(i, j) of the pair the server names as most inconsistent, for the page to outline.

    The same computation as the refusal's message (weighting.ahp_check), so that the page
    and the message always point at one pair, even when a cycle makes several pairs tie.
    """
    if not error:
        return None
    try:
        judgements = ahp_judgements(form, n)
    except weighting.WeightingError:
        return None
    if len(judgements) != n * (n - 1) // 2:
        return None
    return weighting.worst_pair(weighting.pairwise_matrix(n, judgements))
