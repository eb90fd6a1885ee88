"""deadline (限时办结): durable timers on the working calendar and the district's SLA policy
table, and the alarms they ring."""
