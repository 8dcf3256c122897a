from products.error_tracking.backend.models import ErrorTrackingGroup
from .team import Team
