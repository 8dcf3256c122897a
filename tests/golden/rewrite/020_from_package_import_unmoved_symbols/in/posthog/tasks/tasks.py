from posthog.models import Team, User
from posthog.api import routing
