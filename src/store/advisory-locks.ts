// Keys of the transaction-level advisory locks (pg_advisory_xact_lock(class, id)) every agent
// sharing a database takes; one class so they cannot collide with locks of other software.

export const LOCK_CLASS = 0x44364147; // "D6AG"

/** held while checking and applying migrations, so two agents starting at once apply each once */
export const LOCK_MIGRATIONS = 1;

/**
 * held from just before a transaction inserts lease6_event rows until it commits: seq values
 * are then handed out in commit order, and a reader that saw seq N has seen everything below N.
 */
export const LOCK_LEASE6_EVENTS = 2;

/** the same for audit rows */
export const LOCK_AUDIT = 3;
