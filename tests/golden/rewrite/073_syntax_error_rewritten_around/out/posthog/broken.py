from products.error_tracking.backend.models import X

def f(:
    pass
