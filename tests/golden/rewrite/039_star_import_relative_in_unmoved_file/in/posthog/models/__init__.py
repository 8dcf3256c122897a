from .error_tracking import *
from .team import *
