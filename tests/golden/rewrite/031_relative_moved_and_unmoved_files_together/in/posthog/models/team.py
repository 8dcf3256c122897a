from .error_tracking.sql import TABLE
