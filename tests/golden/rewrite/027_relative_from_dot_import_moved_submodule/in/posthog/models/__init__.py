from . import error_tracking, team
