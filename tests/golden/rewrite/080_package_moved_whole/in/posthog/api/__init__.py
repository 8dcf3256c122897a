from posthog.warehouse.api import table
from . import routing
