from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from products.error_tracking.backend.models import ErrorTrackingGroup


def f(g: "ErrorTrackingGroup") -> None:
    pass
