from .models import Invoice  # re-exported

__all__ = ["Invoice"]
