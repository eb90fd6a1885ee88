"""Classification: the category a case is filed under, suggested by a model and decided by
people.

- training: the labelled set and the trained classifier
- live_model: the one live classifier, following the model store's current version
- model_store: the classifier's model versions and the cases each learnt
- catalogue: intake's copy of the live taxonomy, following TaxonomyChanged
- repository: suggestions and people's decisions, for live accuracy
- handlers: dispatchers' decisions on the category, from their events
- api: live accuracy and the classifier's routes
- retrain, eval, heldout: the retraining and evaluation commands
"""
