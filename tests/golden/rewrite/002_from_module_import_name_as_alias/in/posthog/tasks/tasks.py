from posthog.models.error_tracking import ErrorTrackingGroup as Group

Group.objects.all()
