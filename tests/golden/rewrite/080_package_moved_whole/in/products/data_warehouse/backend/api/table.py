from ..models import DataWarehouseTable
from ...api.routing import TeamAndOrgViewSetMixin
