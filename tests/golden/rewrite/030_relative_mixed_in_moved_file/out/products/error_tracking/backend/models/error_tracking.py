from .sql import INSERT_SQL
from posthog.models.team import Team
from products.error_tracking.backend.models import sql as same
