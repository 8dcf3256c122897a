from .settings.models import Settings
from flow.settings import base
