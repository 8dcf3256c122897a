from ..other.base import Base
