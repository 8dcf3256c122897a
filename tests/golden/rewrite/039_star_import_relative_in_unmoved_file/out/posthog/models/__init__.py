from products.error_tracking.backend.models import *
from .team import *
