from ... import settings
from ...utils import UUIDModel
