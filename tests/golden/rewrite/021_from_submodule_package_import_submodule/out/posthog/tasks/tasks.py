from products.error_tracking.backend.models import error_tracking as et
