from .sql import TABLE
from ..team import Team
