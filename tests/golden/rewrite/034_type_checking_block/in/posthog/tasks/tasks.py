from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from posthog.models.error_tracking import ErrorTrackingGroup


def f(g: "ErrorTrackingGroup") -> None:
    pass
