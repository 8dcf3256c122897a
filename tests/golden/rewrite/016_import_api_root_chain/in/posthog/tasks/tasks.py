import posthog.api

router.register(posthog.api.error_tracking.ErrorTrackingIssueViewSet)
