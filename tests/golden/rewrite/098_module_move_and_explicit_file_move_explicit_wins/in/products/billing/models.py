from .other.base import Base
from .billing.fees import FLAT


class Invoice(Base):
    fee = FLAT
