from products.error_tracking.backend.models import ErrorTrackingGroup as Group

Group.objects.all()
