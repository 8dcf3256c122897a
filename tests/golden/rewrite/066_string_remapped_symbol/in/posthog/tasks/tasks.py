patch("posthog.models.ErrorTrackingIssue.objects")
patch("posthog.models.Team.objects")
