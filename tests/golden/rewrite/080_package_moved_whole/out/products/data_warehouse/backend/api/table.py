from ..models import DataWarehouseTable
from posthog.api.routing import TeamAndOrgViewSetMixin
