from core.other.base import Base
from .fees import FLAT


class Invoice(Base):
    fee = FLAT
