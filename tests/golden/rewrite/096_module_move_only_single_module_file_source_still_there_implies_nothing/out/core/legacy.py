LEGACY = True
