import importlib

mod = importlib.import_module('posthog.api.error_tracking')
