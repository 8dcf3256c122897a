from .other.base import Base  # written for products: core.legacy is still there
