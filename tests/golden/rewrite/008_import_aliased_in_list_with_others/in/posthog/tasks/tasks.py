import os, posthog.models.error_tracking as et, sys

et.X
