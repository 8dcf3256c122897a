msg = f"{resolve('products.error_tracking.backend.api.error_tracking')}"
