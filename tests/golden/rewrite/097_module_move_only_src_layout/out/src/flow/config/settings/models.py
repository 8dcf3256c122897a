from ..._defaults import TIMEOUT
from . import base


class Settings(base.Base):
    timeout = TIMEOUT
