from .sql import INSERT_SQL
from ..team import Team
from ..error_tracking import sql as same
