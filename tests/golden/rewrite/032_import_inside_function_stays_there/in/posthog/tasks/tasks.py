def lazy():
    from posthog.models.error_tracking import ErrorTrackingGroup

    return ErrorTrackingGroup
