from .error_tracking import ErrorTrackingIssueViewSet
from .routing import DefaultRouterPlusPlus
