def f(x: "products.error_tracking.backend.models.ErrorTrackingGroup") -> "posthog.models.Team":
    return x
