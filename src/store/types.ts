// What the rest of the agent sees of the database: the lease6 and host records,
// the SQL driver interface both drivers implement, and the mutation batch the
// engine and commands write through. The SQL itself lives in the *-store.ts files.

export type LeaseType = 'IA_NA' | 'IA_TA' | 'IA_PD';

/** Kea's lease states (lease6-get "state"): 0 default, 1 declined, 2 expired-reclaimed. */
export const LEASE_STATE = { DEFAULT: 0, DECLINED: 1, EXPIRED_RECLAIMED: 2 } as const;
export type LeaseState = (typeof LEASE_STATE)[keyof typeof LEASE_STATE];

export interface Lease6 {
  type: LeaseType;
  /** canonical text; for IA_PD the prefix's first address */
  address: string;
  /** 128 for IA_NA / IA_TA */
  prefixLen: number;
  subnetId: number;
  duid: Buffer;
  iaid: number;
  preferredLft: number;
  validLft: number;
  /** client last transmission time, unix seconds; the lease expires at cltt + validLft */
  cltt: number;
  hwaddr: Buffer | null;
  /** hardware type (1 = Ethernet) and how it was learned (Kea's HWADDR_SOURCE_*) when hwaddr is set */
  hwtype: number | null;
  hwaddrSource: number | null;
  hostname: string;
  fqdnFwd: boolean;
  fqdnRev: boolean;
  state: LeaseState;
  userContext: Record<string, unknown> | null;
}

/** Event types carried on the lease6 event stream (docs/events.md). */
export type LeaseEventType =
  | 'allocated'
  | 'renewed'
  | 'rebound'
  | 'released'
  | 'declined'
  | 'expired'
  | 'reclaimed'
  | 'recovered'
  | 'added'
  | 'updated'
  | 'deleted'
  | 'wiped';

/**
 * One lease change. The store applies a batch of them in one transaction, writing one
 * event row per applied change in that same transaction.
 *
 * - insert: a new row; fails with 'conflict' when the address is taken by a live lease.
 *   When the existing row is expired (cltt + validLft < now) or expired-reclaimed, and
 *   `reuseExpired` is set, it is replaced instead (RFC 8415 lets a server reuse it).
 * - update: replaces the row with the same address; when `expect` is given, only if the
 *   stored row still has those duid/iaid/cltt (optimistic check), else 'conflict'.
 *   'missing' when there is no such row.
 * - delete: removes the row with that address; 'missing' when absent.
 */
export type LeaseMutation =
  | { op: 'insert'; lease: Lease6; event: LeaseEventType; reuseExpired?: boolean }
  | { op: 'update'; lease: Lease6; event: LeaseEventType; expect?: { duid: Buffer; iaid: number; cltt?: number } }
  | { op: 'delete'; address: string; event: LeaseEventType };

export type MutationResult =
  | { ok: true; lease: Lease6 | null }
  | { ok: false; reason: 'conflict' | 'missing' };

/** A reservation (Kea host) stored in the database by reservation-* commands. */
export interface Host6 {
  hostId: number;
  /** 0 for global reservations (Kea's subnet-id 0) */
  subnetId: number;
  identifierType: 'duid' | 'hw-address' | 'flex-id' | 'circuit-id' | 'client-id';
  identifier: Buffer;
  hostname: string;
  ipAddresses: string[];
  /** "prefix/len" texts */
  prefixes: string[];
  /** Kea option-data entries as given (name/code/data/csv-format/always-send) */
  optionData: Record<string, unknown>[];
  userContext: Record<string, unknown> | null;
}

// ---- the driver interface: pg (server) and PGlite (embedded) both implement it ----

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/**
 * Both drivers return rows alike: int8 as a JS number, bytea as a Buffer, json/jsonb parsed,
 * inet as text, timestamptz as a Date.
 */
export interface QueryOptions {
  prepare?: boolean;
}

export interface SqlExecutor {
  /**
   * `prepare`: the statement is run often and plans well without knowing its parameters (a
   * lookup by key, the lease batch): the pg driver then prepares it once per connection instead
   * of parsing and planning it at every call. Leave it off for statements whose best plan
   * depends on the parameters (arrays of unknown length): a generic plan may be much worse.
   */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<SqlResult<R>>;
  /** Runs a script of several `;`-separated statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pg' | 'pglite';
  /** Runs fn in BEGIN … COMMIT on one connection; ROLLBACK and rethrow on error. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns a function that stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// ---- the store API the engine and commands use (implemented in lease6-store.ts, host6-store.ts) ----

export interface LeaseQuery {
  /** restrict to these subnets */
  subnetIds?: number[];
}

export interface LeaseStore {
  /** By address (the prefix's first address for IA_PD). `type` restricts the match. */
  get(address: string, type?: LeaseType): Promise<Lease6 | null>;
  /** All leases of a client's IA: duid + iaid + type, optionally within one subnet. */
  getByClient(duid: Buffer, iaid: number, type: LeaseType, subnetId?: number): Promise<Lease6[]>;
  getByDuid(duid: Buffer): Promise<Lease6[]>;
  /**
   * All leases of any of these clients, in one query: the engine reads for many packets in
   * flight at once (read batching, as apply() batches writes). Optional: without it the
   * engine calls getByDuid per packet.
   */
  getByDuids?(duids: readonly Buffer[]): Promise<Lease6[]>;
  getByHostname(hostname: string): Promise<Lease6[]>;
  getAll(query?: LeaseQuery): Promise<Lease6[]>;
  /** Leases with address greater than `after` (null: from the start), in address order. */
  getPage(after: string | null, limit: number): Promise<Lease6[]>;
  /**
   * Applies the changes in one transaction shared with other concurrent callers
   * (group commit); resolves only after COMMIT, so a REPLY built on a result is durable.
   * Results are in the order of `changes`.
   */
  apply(changes: LeaseMutation[]): Promise<MutationResult[]>;
  /** Deletes all leases (of one subnet, or all); one 'wiped' event per lease. */
  wipe(subnetId?: number): Promise<number>;
  /** Leases in state default whose cltt + validLft is before `now`, oldest first. */
  getExpired(now: number, limit: number): Promise<Lease6[]>;
  /**
   * Leases in state declined whose cltt + validLft (the decline probation period) is before
   * `now`, oldest first: the engine's reclamation recovers them (Kea's reclaimDeclined).
   * Optional until the store implements it; without it declined addresses are not recovered.
   */
  getExpiredDeclined?(now: number, limit: number): Promise<Lease6[]>;
  /** Removes expired-reclaimed leases whose expiry is older than now - holdSeconds. */
  flushReclaimed(now: number, holdSeconds: number): Promise<number>;
  /** Which of the given addresses (NA) or prefixes (PD, network addresses) are held by a
   *  lease that is not expired-reclaimed: used by the allocator to skip candidates. */
  taken(addresses: string[]): Promise<Set<string>>;
  /** Count per subnet and type and state, for statistics. */
  countBySubnet(): Promise<{ subnetId: number; type: LeaseType; state: LeaseState; count: number }[]>;
}

export interface HostStore {
  add(host: Omit<Host6, 'hostId'>): Promise<Host6>;
  get(hostId: number): Promise<Host6 | null>;
  getByIdentifier(subnetId: number, identifierType: Host6['identifierType'], identifier: Buffer): Promise<Host6 | null>;
  getByAddress(subnetId: number, address: string): Promise<Host6 | null>;
  getByHostname(hostname: string, subnetId?: number): Promise<Host6[]>;
  getAll(subnetId?: number): Promise<Host6[]>;
  /** Hosts with hostId greater than `afterHostId`, in hostId order (reservation-get-page). */
  getPage(subnetId: number | undefined, afterHostId: number, limit: number): Promise<Host6[]>;
  update(host: Host6): Promise<boolean>;
  delete(hostId: number): Promise<boolean>;
}

// ---- errors the stores raise for callers to map to Kea answers ----

/** A reservation clashes with a stored one: same identifier, or same address/prefix, in one subnet. */
export class HostConflictError extends Error {
  constructor(readonly field: 'identifier' | 'ip-addresses' | 'prefixes', message: string) {
    super(message);
    this.name = 'HostConflictError';
  }
}

/** A lease change or reservation was rejected before reaching the database: `field` names what is wrong. */
export class StoreInputError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'StoreInputError';
  }
}

// ---- the lease event stream, the config audit trail and per-agent state ----

export interface LeaseEvent {
  /** commit order across all agents sharing the database */
  seq: number;
  at: Date;
  /** the agent id that made the change */
  agent: string;
  event: LeaseEventType;
  address: string;
  prefixLen: number;
  subnetId: number;
  duid: Buffer | null;
  /** the lease in Kea's lease6-get shape (for deletions: as it was) */
  lease: Record<string, unknown>;
}

export interface LeaseEventFilter {
  subnetIds?: number[];
  events?: LeaseEventType[];
  address?: string;
  duid?: Buffer;
  agent?: string;
}

/** Events this agent's lease writer just committed, handed over without reading them back. */
export interface LocalEventBatch {
  firstSeq: number;
  lastSeq: number;
  /** the events, in seq order, as readSince would return them (built on first call) */
  events(): LeaseEvent[];
}

export interface EventStore {
  /** Events with seq greater than `afterSeq`, in seq order, at most `limit`. */
  readSince(afterSeq: number, limit: number, filter?: LeaseEventFilter): Promise<LeaseEvent[]>;
  /** Highest committed seq, 0 when no event is stored. */
  maxSeq(): Promise<number>;
  /** Lowest stored seq (older ones were pruned), 0 when no event is stored. */
  minSeq(): Promise<number>;
  /** Deletes events older than maxAgeSeconds and/or beyond the newest maxCount; returns how many. */
  prune(limits: { maxAgeSeconds?: number; maxCount?: number }): Promise<number>;
  /**
   * Calls back with the new highest seq after each commit that wrote events (any agent).
   * After the listening connection was lost and re-established it calls back with maxSeq(),
   * so a reader catches up with what it may have missed. Returns a function that stops listening.
   */
  listen(onNewMaxSeq: (seq: number) => void): Promise<() => Promise<void>>;
  /**
   * Calls back, right after each of this agent's lease batches commits, with the events it
   * wrote: a reader can hand them on without waiting for the NOTIFY and reading them back.
   * Optional; returns a function that stops the calls.
   */
  onLocalCommit?(listener: (batch: LocalEventBatch) => void): () => void;
}

export type AuditModificationType = 'create' | 'update' | 'delete';

export interface AuditRecord {
  seq: number;
  at: Date;
  agent: string;
  /** Kea's config backend names: dhcp6_subnet, dhcp6_host, dhcp6_global_parameter, … */
  objectType: string;
  objectId: string;
  modificationType: AuditModificationType;
  logMessage: string;
  payload: unknown;
}

export interface AuditAppend {
  objectType: string;
  objectId: string | number;
  modificationType: AuditModificationType;
  logMessage?: string;
  payload?: unknown;
}

export interface AuditStore {
  /** Appends one entry; with `tx` it joins that transaction (committed with the change it describes). */
  append(entry: AuditAppend, tx?: SqlExecutor): Promise<AuditRecord>;
  readSince(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  maxSeq(): Promise<number>;
  /** As EventStore.listen, for the config_audit channel. */
  listen(onNewMaxSeq: (seq: number) => void): Promise<() => Promise<void>>;
}

/** Small JSON facts kept per key (server_state table). */
export interface StateStore {
  get(key: string): Promise<unknown | null>;
  set(key: string, value: unknown): Promise<void>;
  /** Stores `value` unless the key exists; returns what is stored afterwards (race-free across agents). */
  setIfAbsent(key: string, value: unknown): Promise<unknown>;
}

export interface Store {
  readonly driver: SqlDriver;
  readonly agentId: string;
  readonly leases: LeaseStore;
  readonly hosts: HostStore;
  readonly events: EventStore;
  readonly audit: AuditStore;
  readonly state: StateStore;
  /** true when the database answers a trivial query */
  ping(): Promise<boolean>;
  /** Waits for queued and in-flight lease batches to commit ("DB flushed"), then closes the driver. */
  close(): Promise<void>;
}
