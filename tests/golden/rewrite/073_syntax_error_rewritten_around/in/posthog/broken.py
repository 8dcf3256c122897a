from posthog.models.error_tracking import X

def f(:
    pass
