from .config.settings.models import Settings
from flow.config.settings import base
