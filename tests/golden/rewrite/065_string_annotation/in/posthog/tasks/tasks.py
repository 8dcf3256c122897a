def f(x: "posthog.models.error_tracking.ErrorTrackingGroup") -> "posthog.models.Team":
    return x
