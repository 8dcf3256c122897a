import products.error_tracking.backend.models

products.error_tracking.backend.models.ErrorTrackingGroup.objects.filter(team=1).first()
