from products.error_tracking.backend.models import X
