try:
    from products.error_tracking.backend.models import ErrorTrackingGroup
except ImportError:
    ErrorTrackingGroup = None
