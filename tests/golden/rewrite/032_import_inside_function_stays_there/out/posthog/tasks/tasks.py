def lazy():
    from products.error_tracking.backend.models import ErrorTrackingGroup

    return ErrorTrackingGroup
