import os
from posthog.models.error_tracking import (
    ErrorTrackingGroup,
)

x = 'posthog.api.error_tracking'
