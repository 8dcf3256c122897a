from ..db.models.project import ProjectBaseModel
from ..db.models import project


class Issue(ProjectBaseModel):
    pass
