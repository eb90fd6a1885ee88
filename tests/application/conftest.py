"""Application tests: each service's use cases and handler-map entries on its in-memory
store (common.memory), with no Kafka, PostgreSQL or browser. `./dev test-unit` runs them."""
