from core.other.base import Base

FLAT = Base
