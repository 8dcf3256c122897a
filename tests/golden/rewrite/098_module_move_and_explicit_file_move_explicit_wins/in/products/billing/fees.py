from ..other.base import Base

FLAT = Base
