import posthog.api, products.error_tracking.backend.api.error_tracking

router.register(products.error_tracking.backend.api.error_tracking.ErrorTrackingIssueViewSet)
