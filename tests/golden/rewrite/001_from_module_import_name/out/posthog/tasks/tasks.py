from products.error_tracking.backend.models import ErrorTrackingGroup

print(ErrorTrackingGroup)
