"""The window's routine (办不成事窗口): the duty roster by half day, who received a window case
and the leader on duty then, the promised resolution limits (intake's copy of deadline's SLA
policy) and the printable acceptance form (受理单)."""
