class ProjectBaseModel:
    pass
