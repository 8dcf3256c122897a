import pkg.a.mod
from .a.mod import x

print(pkg.a.mod.f(), x)
