from core.other.base import Base
