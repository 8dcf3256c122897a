from posthog.api import error_tracking, team
