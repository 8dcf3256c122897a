def a():
    from products.error_tracking.backend.models import X
    return X


def b():
    from products.error_tracking.backend.models import X
    return X
