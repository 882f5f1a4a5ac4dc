// HostStore over host6 and host6_reservation: the reservation-* commands and the engine's
// reservation lookups. Every change writes an audit row in its own transaction, so other
// agents sharing the database learn that reservations changed.

import { formatIpv6, formatPrefix, tryParsePrefix } from '../dhcp6/ipv6.js';
import { colonHex } from './lease6-json.js';
import { checkedAddress, storedAddressText } from './lease6-row.js';
import {
  HostConflictError,
  StoreInputError,
  type AuditModificationType,
  type AuditStore,
  type Host6,
  type HostStore,
  type SqlDriver,
  type SqlExecutor,
} from './types.js';

export const HOST6_AUDIT_OBJECT = 'dhcp6_host';

const IDENTIFIER_TYPES: readonly Host6['identifierType'][] = ['duid', 'hw-address', 'flex-id', 'circuit-id', 'client-id'];
const KIND_ADDRESS = 0;
const KIND_PREFIX = 2;
const UNIQUE_VIOLATION = '23505';

interface HostRow {
  host_id: number;
  subnet_id: number;
  identifier_type: Host6['identifierType'];
  identifier: Buffer;
  hostname: string;
  option_data: Record<string, unknown>[];
  user_context: Record<string, unknown> | null;
  reservations: { k: number; a: string; l: number }[];
}

const SELECT_HOSTS = `SELECT h.host_id, h.subnet_id, h.identifier_type, h.identifier, h.hostname, h.option_data,
    h.user_context,
    (SELECT coalesce(json_agg(json_build_object('k', r.kind, 'a', host(r.address), 'l', r.prefix_len) ORDER BY r.position), '[]')
       FROM host6_reservation r WHERE r.host_id = h.host_id) AS reservations
  FROM host6 h`;

const INSERT_RESERVATIONS = `INSERT INTO host6_reservation (host_id, subnet_id, position, kind, address, prefix_len)
  SELECT $1, $2, x.position, x.kind, x.address, x.prefix_len
  FROM json_to_recordset($3::json) AS x(position smallint, kind smallint, address inet, prefix_len smallint)`;

function rowToHost(row: HostRow): Host6 {
  const ipAddresses: string[] = [];
  const prefixes: string[] = [];
  for (const r of row.reservations) {
    if (r.k === KIND_PREFIX) prefixes.push(`${storedAddressText(r.a)}/${r.l}`);
    else ipAddresses.push(storedAddressText(r.a));
  }
  return {
    hostId: row.host_id,
    subnetId: row.subnet_id,
    identifierType: row.identifier_type,
    identifier: row.identifier,
    hostname: row.hostname,
    ipAddresses,
    prefixes,
    optionData: row.option_data,
    userContext: row.user_context,
  };
}

interface Reservation {
  position: number;
  kind: number;
  address: string;
  prefix_len: number;
}

/** Validates a host; returns it with canonical address/prefix texts and its reservation rows. */
function checkedHost<H extends Omit<Host6, 'hostId'>>(host: H): { host: H; reservations: Reservation[] } {
  if (host === null || typeof host !== 'object') throw new StoreInputError('host', 'must be a host object');
  if (!Number.isInteger(host.subnetId) || host.subnetId < 0 || host.subnetId > 0xffffffff) {
    throw new StoreInputError('subnet-id', 'must be an integer from 0 to 4294967295');
  }
  if (!IDENTIFIER_TYPES.includes(host.identifierType)) {
    throw new StoreInputError('identifier-type', `must be one of ${IDENTIFIER_TYPES.join(', ')}`);
  }
  if (!(host.identifier instanceof Uint8Array) || host.identifier.length === 0) {
    throw new StoreInputError(host.identifierType, 'must be a non-empty Buffer');
  }
  if (typeof host.hostname !== 'string' || host.hostname.includes('\0')) throw new StoreInputError('hostname', 'must be a string');
  if (!Array.isArray(host.ipAddresses)) throw new StoreInputError('ip-addresses', 'must be an array');
  if (!Array.isArray(host.prefixes)) throw new StoreInputError('prefixes', 'must be an array');
  if (!Array.isArray(host.optionData)) throw new StoreInputError('option-data', 'must be an array');
  if (host.userContext !== null && (typeof host.userContext !== 'object' || Array.isArray(host.userContext))) {
    throw new StoreInputError('user-context', 'must be an object or null');
  }
  const ipAddresses = host.ipAddresses.map((a, i) => checkedAddress(a, `ip-addresses[${i}]`));
  const reservations: Reservation[] = ipAddresses.map((address, position) => ({ position, kind: KIND_ADDRESS, address, prefix_len: 128 }));
  const prefixes = host.prefixes.map((text, i) => {
    const p = tryParsePrefix(text);
    if (typeof p === 'string') throw new StoreInputError(`prefixes[${i}]`, `"${text}" is not a prefix: ${p}`);
    if (p.length === 0) throw new StoreInputError(`prefixes[${i}]`, 'prefix length must be 1 to 128');
    reservations.push({ position: reservations.length, kind: KIND_PREFIX, address: formatIpv6(p.network), prefix_len: p.length });
    return formatPrefix(p);
  });
  return { host: { ...host, ipAddresses, prefixes }, reservations };
}

/** What the audit row says about a host: Kea's reservation keys. */
function auditPayload(host: Host6): Record<string, unknown> {
  return {
    'subnet-id': host.subnetId,
    [host.identifierType]: colonHex(host.identifier),
    hostname: host.hostname,
    'ip-addresses': host.ipAddresses,
    prefixes: host.prefixes,
  };
}

export function createHostStore(driver: SqlDriver, audit: AuditStore): HostStore {
  async function select(where: string, params: unknown[]): Promise<Host6[]> {
    const r = await driver.query<HostRow>(`${SELECT_HOSTS} ${where}`, params);
    return r.rows.map(rowToHost);
  }

  /** Another host holding this address (prefix_len 128) or prefix in the subnet, if any. */
  async function holderOf(subnetId: number, address: string, prefixLen: number): Promise<number | null> {
    const r = await driver.query<{ host_id: number }>(
      'SELECT host_id FROM host6_reservation WHERE subnet_id = $1 AND address = $2::inet AND prefix_len = $3',
      [subnetId, address, prefixLen],
    );
    return r.rows[0]?.host_id ?? null;
  }

  /** Names what clashed when a write hit a unique constraint (looked up after the rollback). */
  async function conflictOf(err: unknown, host: Omit<Host6, 'hostId'>, hostId?: number): Promise<unknown> {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) return err;
    const text = `${(err as { constraint?: string }).constraint ?? ''} ${(err as Error).message}`;
    const where = `in subnet ${host.subnetId}`;
    if (text.includes('host6_identifier_unique')) {
      return new HostConflictError('identifier', `a host with ${host.identifierType} ${colonHex(host.identifier)} already exists ${where}`);
    }
    for (const a of host.ipAddresses) {
      const holder = await holderOf(host.subnetId, a, 128);
      if (holder !== null && holder !== hostId) return new HostConflictError('ip-addresses', `address ${a} is already reserved ${where}`);
    }
    for (const p of host.prefixes) {
      const [address, len] = p.split('/');
      const holder = await holderOf(host.subnetId, address, Number(len));
      if (holder !== null && holder !== hostId) return new HostConflictError('prefixes', `prefix ${p} is already reserved ${where}`);
    }
    return new HostConflictError('ip-addresses', 'the host lists the same address or prefix more than once');
  }

  /** The host's own row values, $2.. of the INSERT and UPDATE below. */
  const hostValues = (h: Omit<Host6, 'hostId'>) => [
    h.subnetId,
    h.identifierType,
    h.identifier,
    h.hostname,
    JSON.stringify(h.optionData),
    h.userContext === null ? null : JSON.stringify(h.userContext),
  ];

  async function writeReservations(tx: SqlExecutor, hostId: number, subnetId: number, reservations: Reservation[]) {
    if (reservations.length > 0) await tx.query(INSERT_RESERVATIONS, [hostId, subnetId, JSON.stringify(reservations)]);
  }

  function writeAudit(tx: SqlExecutor, modificationType: AuditModificationType, host: Host6) {
    const logMessage = `reservation ${modificationType === 'create' ? 'added' : `${modificationType}d`}`;
    return audit.append({ objectType: HOST6_AUDIT_OBJECT, objectId: host.hostId, modificationType, logMessage, payload: auditPayload(host) }, tx);
  }

  const ORDERED = 'ORDER BY h.host_id';
  const BY_NAME = "lower(h.hostname) = lower($1) AND h.hostname <> ''";

  return {
    async add(input) {
      const { host, reservations } = checkedHost(input);
      try {
        return await driver.transaction(async (tx) => {
          const r = await tx.query<{ host_id: number }>(
            `INSERT INTO host6 (subnet_id, identifier_type, identifier, hostname, option_data, user_context)
             VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb) RETURNING host_id`,
            hostValues(host),
          );
          const added: Host6 = { ...host, hostId: r.rows[0].host_id };
          await writeReservations(tx, added.hostId, added.subnetId, reservations);
          await writeAudit(tx, 'create', added);
          return added;
        });
      } catch (err) {
        throw await conflictOf(err, host);
      }
    },

    async get(hostId) {
      return (await select('WHERE h.host_id = $1', [hostId]))[0] ?? null;
    },

    async getByIdentifier(subnetId, identifierType, identifier) {
      const where = 'WHERE h.subnet_id = $1 AND h.identifier_type = $2 AND h.identifier = $3';
      return (await select(where, [subnetId, identifierType, identifier]))[0] ?? null;
    },

    async getByAddress(subnetId, address) {
      // an address reservation wins over a prefix starting at the same address
      const rows = await select(
        `WHERE h.host_id = (SELECT r.host_id FROM host6_reservation r WHERE r.subnet_id = $1 AND r.address = $2::inet
                            ORDER BY r.kind, r.prefix_len DESC LIMIT 1)`,
        [subnetId, checkedAddress(address, 'ip-address')],
      );
      return rows[0] ?? null;
    },

    getByHostname(hostname, subnetId) {
      if (subnetId === undefined) return select(`WHERE ${BY_NAME} ${ORDERED}`, [hostname]);
      return select(`WHERE ${BY_NAME} AND h.subnet_id = $2 ${ORDERED}`, [hostname, subnetId]);
    },

    getAll(subnetId) {
      if (subnetId === undefined) return select(ORDERED, []);
      return select(`WHERE h.subnet_id = $1 ${ORDERED}`, [subnetId]);
    },

    getPage(subnetId, afterHostId, limit) {
      if (subnetId === undefined) return select(`WHERE h.host_id > $1 ${ORDERED} LIMIT $2`, [afterHostId, limit]);
      return select(`WHERE h.host_id > $1 AND h.subnet_id = $3 ${ORDERED} LIMIT $2`, [afterHostId, limit, subnetId]);
    },

    async update(input) {
      if (!Number.isSafeInteger(input?.hostId)) throw new StoreInputError('host-id', 'must be an integer');
      const { host, reservations } = checkedHost(input);
      try {
        return await driver.transaction(async (tx) => {
          const r = await tx.query(
            `UPDATE host6 SET subnet_id = $2, identifier_type = $3, identifier = $4, hostname = $5,
               option_data = $6::jsonb, user_context = $7::jsonb
             WHERE host_id = $1`,
            [host.hostId, ...hostValues(host)],
          );
          if (r.rowCount === 0) return false;
          await tx.query('DELETE FROM host6_reservation WHERE host_id = $1', [host.hostId]);
          await writeReservations(tx, host.hostId, host.subnetId, reservations);
          await writeAudit(tx, 'update', host);
          return true;
        });
      } catch (err) {
        throw await conflictOf(err, host, host.hostId);
      }
    },

    async delete(hostId) {
      return driver.transaction(async (tx) => {
        const before = await tx.query<HostRow>(`${SELECT_HOSTS} WHERE h.host_id = $1 FOR UPDATE OF h`, [hostId]);
        if (before.rowCount === 0) return false;
        await tx.query('DELETE FROM host6 WHERE host_id = $1', [hostId]);
        await writeAudit(tx, 'delete', rowToHost(before.rows[0]));
        return true;
      });
    },
  };
}
