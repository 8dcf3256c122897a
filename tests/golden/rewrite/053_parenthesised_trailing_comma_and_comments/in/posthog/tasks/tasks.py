from posthog.models.error_tracking import (  # models
    ErrorTrackingGroup,  # first
    # between
    ErrorTrackingStackFrame,
)  # trailing
