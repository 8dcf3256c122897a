a = 'posthog.api.error_tracking'
b = """posthog.api.error_tracking"""
c = r"posthog.api.error_tracking.View"
