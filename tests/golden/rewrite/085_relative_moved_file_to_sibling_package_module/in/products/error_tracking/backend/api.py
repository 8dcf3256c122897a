from .models import Thing
from . import helpers
