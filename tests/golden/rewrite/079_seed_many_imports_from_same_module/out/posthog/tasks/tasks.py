from products.error_tracking.backend.models import ErrorTrackingGroup
from products.error_tracking.backend.models import (
    ErrorTrackingStackFrame,
)
from products.error_tracking.backend.models import ErrorTrackingSymbolSet as SymbolSet


class A:
    X = 1


class B:
    Y = 2
