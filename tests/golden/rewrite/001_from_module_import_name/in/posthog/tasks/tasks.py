from posthog.models.error_tracking import ErrorTrackingGroup

print(ErrorTrackingGroup)
