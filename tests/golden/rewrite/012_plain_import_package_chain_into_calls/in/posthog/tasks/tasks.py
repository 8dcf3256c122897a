import posthog.models.error_tracking

posthog.models.error_tracking.ErrorTrackingGroup.objects.filter(team=1).first()
