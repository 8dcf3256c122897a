from products.error_tracking.backend.models import (  # models
    ErrorTrackingGroup,  # first
    # between
    ErrorTrackingStackFrame,
)  # trailing
