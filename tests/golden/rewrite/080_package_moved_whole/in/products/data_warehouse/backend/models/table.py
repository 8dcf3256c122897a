from .credential import DataWarehouseCredential
from posthog.models.utils import UUIDModel
