def a():
    from posthog.models.error_tracking import X
    return X


def b():
    from posthog.models.error_tracking import X
    return X
