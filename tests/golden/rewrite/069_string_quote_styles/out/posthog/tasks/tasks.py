a = 'products.error_tracking.backend.api.error_tracking'
b = """products.error_tracking.backend.api.error_tracking"""
c = r"products.error_tracking.backend.api.error_tracking.View"
