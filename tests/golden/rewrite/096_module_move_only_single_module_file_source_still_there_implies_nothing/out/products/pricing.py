from core.other.base import Base
from core import other


class Price(Base):
    currency = other.base.Base
