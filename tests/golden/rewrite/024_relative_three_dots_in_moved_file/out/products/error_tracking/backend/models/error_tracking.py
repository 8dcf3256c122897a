from posthog import settings
from posthog.utils import UUIDModel
