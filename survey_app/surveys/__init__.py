"""Owner satisfaction surveys 业主满意度调查: publishing, owner pages, paper entry, exports."""

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l

from ..permissions import guard_blueprint
from ..templating import period_link

# No URL prefix: owner pages live under the short /s/ and /c/ paths printed on posters and
# slips; staff pages are under /surveys/.
bp = Blueprint("surveys", __name__, template_folder="templates")
guard_blueprint(bp, "survey.view", community_arg="community_id")
period_link("surveys.admin", _l("Owner survey"), "survey.view",
            lambda community, period: url_for("surveys.admin", community_id=community.id,
                                              period_id=period.id))

from . import routes, routes_chasing, routes_codes, routes_integrity, routes_owner  # noqa: E402,F401,I001
