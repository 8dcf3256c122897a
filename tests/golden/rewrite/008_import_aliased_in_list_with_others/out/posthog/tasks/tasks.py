import os, products.error_tracking.backend.models as et, sys

et.X
