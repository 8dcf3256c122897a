from .project import ProjectBaseModel
from . import project


class Issue(ProjectBaseModel):
    pass
