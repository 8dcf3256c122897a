from posthog.api.models import Thing
from posthog.api import helpers
