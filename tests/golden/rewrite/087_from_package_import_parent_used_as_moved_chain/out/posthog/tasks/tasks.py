from posthog import models
import products.error_tracking.backend.models
from posthog.models import Team


def run():
    issue = products.error_tracking.backend.models.ErrorTrackingGroup.objects.first()
    return issue, models.Team, Team
