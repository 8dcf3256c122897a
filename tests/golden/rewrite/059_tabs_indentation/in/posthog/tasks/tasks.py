def f():
	from posthog.models.error_tracking import ErrorTrackingGroup
	if True:
		from posthog.models import Team, ErrorTrackingIssue
	return ErrorTrackingGroup
