"""Callback's use cases, each taking the unit of work (repository.store.Unit) first:
tasks.py (a resolution opens a task; titles and due times), calls.py (an agent's attempts and
results), rating_links.py (the submitter's own one-time rating link)."""
