from ..team import Team


class ErrorTrackingGroup(Team):
    pass
