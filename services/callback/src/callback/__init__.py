"""callback: the callback service (回访)."""
