from .other.base import Base
from . import other


class Price(Base):
    currency = other.base.Base
