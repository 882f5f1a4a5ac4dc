-- Reclamation recovers declined addresses once their probation period (cltt + valid_lft) ended
-- (LeaseStore.getExpiredDeclined); declined leases are few, so the index is partial.
CREATE INDEX lease6_declined_by_expire ON lease6 (expire) WHERE state = 1;
