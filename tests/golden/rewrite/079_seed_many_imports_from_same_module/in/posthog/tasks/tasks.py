from posthog.models.error_tracking import ErrorTrackingGroup
from posthog.models.error_tracking import (
    ErrorTrackingStackFrame,
)
from posthog.models.error_tracking import ErrorTrackingSymbolSet as SymbolSet


class A:
    X = 1


class B:
    Y = 2
