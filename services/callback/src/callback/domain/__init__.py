"""Callback's pure rules: tasks and rating links, no I/O."""
