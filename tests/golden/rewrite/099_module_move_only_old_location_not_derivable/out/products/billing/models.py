from ..other.base import Base  # a new file: core/billing/models.py went to products/ledger
