"""Forms: a new API token (name, community, scopes, lifetime)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

DAYS_MESSAGE = _l("Enter a whole number of days from 1 to 365.")
#: the community choice that means "every community I may see"
ALL = 0


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=120)],
                       description=_l("Who or what uses the token, e.g. the group's BI system."))
    community = SelectField(_l("Community"), coerce=int, default=ALL,
                            description=_l("The token reads only this community, or the "
                                           "communities you may see now."))
    scope_published = BooleanField(_l("Published results"), default=True)
    scope_unpublished = BooleanField(_l("Unpublished periods (draft, open, closed)"))
    days = IntegerField(_l("Valid for (days)"), default=90,
                        validators=[InputRequired(message=DAYS_MESSAGE),
                                    NumberRange(min=1, max=365, message=DAYS_MESSAGE)])

    def set_communities(self, communities) -> None:
        """Offer 'all I may see' and each community the user may tie a token to."""
        self.community.choices = [(ALL, _l("Every community I may see"))] + [
            (c.id, c.name) for c in communities]

    @property
    def scopes(self) -> list[str]:
        return [s for s, f in (("published", self.scope_published),
                               ("unpublished", self.scope_unpublished)) if f.data]
