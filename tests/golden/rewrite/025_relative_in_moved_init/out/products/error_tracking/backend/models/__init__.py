from .error_tracking import ErrorTrackingGroup
from . import sql
from .sql import *
