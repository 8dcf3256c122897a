def f():
	from products.error_tracking.backend.models import ErrorTrackingGroup
	if True:
		from posthog.models import Team
		from products.error_tracking.backend.models import ErrorTrackingIssue
	return ErrorTrackingGroup
