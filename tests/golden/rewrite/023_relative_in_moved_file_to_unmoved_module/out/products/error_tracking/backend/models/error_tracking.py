from posthog.models.team import Team


class ErrorTrackingGroup(Team):
    pass
