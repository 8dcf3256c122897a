from .sql import TABLE
from posthog.models.team import Team
