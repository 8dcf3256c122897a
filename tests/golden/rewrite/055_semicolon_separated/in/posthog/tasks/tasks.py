import os; from posthog.models.error_tracking import ErrorTrackingGroup; import sys
