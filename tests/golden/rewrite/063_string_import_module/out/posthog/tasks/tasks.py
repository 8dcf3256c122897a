import importlib

mod = importlib.import_module('products.error_tracking.backend.api.error_tracking')
