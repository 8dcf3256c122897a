from posthog import models
from posthog.models import Team


def run():
    issue = models.error_tracking.ErrorTrackingGroup.objects.first()
    return issue, models.Team, Team
