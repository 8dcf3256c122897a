from .sql import INSERT_SQL
from posthog.models.team import Team
from . import sql as same
