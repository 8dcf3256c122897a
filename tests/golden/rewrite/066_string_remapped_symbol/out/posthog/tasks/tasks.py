patch("products.error_tracking.backend.models.ErrorTrackingIssue.objects")
patch("posthog.models.Team.objects")
