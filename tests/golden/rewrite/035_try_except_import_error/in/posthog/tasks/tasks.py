try:
    from posthog.models.error_tracking import ErrorTrackingGroup
except ImportError:
    ErrorTrackingGroup = None
