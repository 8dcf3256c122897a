from .error_tracking import ErrorTrackingGroup
from .team import Team
