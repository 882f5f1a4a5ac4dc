-- The dhcp6-agent schema. Applied by src/store/migrate.ts inside one transaction and recorded
-- in schema_migrations; the same SQL runs on a PostgreSQL server and on PGlite.

-- One row per lease, keyed by address (for IA_PD the delegated prefix's first address):
-- several agents sharing this database can never both insert the same address.
CREATE TABLE lease6 (
  address        inet     PRIMARY KEY CHECK (family(address) = 6 AND masklen(address) = 128),
  prefix_len     smallint NOT NULL DEFAULT 128 CHECK (prefix_len BETWEEN 1 AND 128),
  -- Kea's lease types: 0 IA_NA, 1 IA_TA, 2 IA_PD
  lease_type     smallint NOT NULL CHECK (lease_type IN (0, 1, 2)),
  subnet_id      bigint   NOT NULL CHECK (subnet_id BETWEEN 0 AND 4294967295),
  duid           bytea    NOT NULL,
  iaid           bigint   NOT NULL CHECK (iaid BETWEEN 0 AND 4294967295),
  preferred_lft  bigint   NOT NULL CHECK (preferred_lft >= 0),
  valid_lft      bigint   NOT NULL CHECK (valid_lft >= 0),
  -- client last transmission time, unix seconds
  cltt           bigint   NOT NULL,
  -- kept as a column so expiry scans use an index instead of computing cltt + valid_lft per row
  expire         bigint   GENERATED ALWAYS AS (cltt + valid_lft) STORED,
  hwaddr         bytea,
  hwtype         smallint,
  hwaddr_source  integer,
  hostname       text     NOT NULL DEFAULT '',
  fqdn_fwd       boolean  NOT NULL DEFAULT false,
  fqdn_rev       boolean  NOT NULL DEFAULT false,
  -- Kea's lease states: 0 default, 1 declined, 2 expired-reclaimed
  state          smallint NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),
  user_context   jsonb
);

CREATE INDEX lease6_by_client   ON lease6 (duid, iaid, lease_type, subnet_id);
CREATE INDEX lease6_by_subnet   ON lease6 (subnet_id);
-- lease6-get-by-hostname matches without regard to case, as Kea's lease backends do
CREATE INDEX lease6_by_hostname ON lease6 (lower(hostname)) WHERE hostname <> '';
CREATE INDEX lease6_by_expire   ON lease6 (expire) WHERE state = 0;
CREATE INDEX lease6_reclaimed_by_expire ON lease6 (expire) WHERE state = 2;

-- Reservations (Kea hosts) managed by the reservation-* commands.
CREATE TABLE host6 (
  host_id          bigserial PRIMARY KEY,
  -- 0 is Kea's subnet-id of global reservations
  subnet_id        bigint NOT NULL CHECK (subnet_id BETWEEN 0 AND 4294967295),
  identifier_type  text   NOT NULL
                   CHECK (identifier_type IN ('duid', 'hw-address', 'flex-id', 'circuit-id', 'client-id')),
  identifier       bytea  NOT NULL CHECK (length(identifier) > 0),
  hostname         text   NOT NULL DEFAULT '',
  option_data      jsonb  NOT NULL DEFAULT '[]',
  user_context     jsonb,
  CONSTRAINT host6_identifier_unique UNIQUE (subnet_id, identifier_type, identifier),
  -- target of host6_reservation's foreign key, so a reservation always carries its host's subnet
  CONSTRAINT host6_id_subnet_unique UNIQUE (host_id, subnet_id)
);

CREATE INDEX host6_by_hostname ON host6 (lower(hostname)) WHERE hostname <> '';

-- The addresses (prefix_len 128, kind 0) and prefixes (kind 2) a host reserves, in the order given.
CREATE TABLE host6_reservation (
  host_id     bigint   NOT NULL,
  subnet_id   bigint   NOT NULL,
  position    smallint NOT NULL,
  kind        smallint NOT NULL CHECK (kind IN (0, 2)),
  address     inet     NOT NULL CHECK (family(address) = 6 AND masklen(address) = 128),
  prefix_len  smallint NOT NULL CHECK (prefix_len BETWEEN 1 AND 128),
  PRIMARY KEY (host_id, position),
  FOREIGN KEY (host_id, subnet_id) REFERENCES host6 (host_id, subnet_id) ON DELETE CASCADE ON UPDATE CASCADE,
  -- one address (or prefix) can be reserved for one host per subnet
  CONSTRAINT host6_reservation_unique UNIQUE (subnet_id, address, prefix_len)
);

-- Every applied lease change, in commit order across agents (see lease6-store.ts): the source
-- of the lease event stream. `lease` is the lease in Kea's lease6-get shape.
CREATE TABLE lease6_event (
  seq         bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  agent       text        NOT NULL,
  event       text        NOT NULL,
  address     inet        NOT NULL,
  prefix_len  smallint    NOT NULL,
  subnet_id   bigint      NOT NULL,
  duid        bytea,
  lease       jsonb       NOT NULL
);

CREATE INDEX lease6_event_by_at ON lease6_event (at);

-- Small per-agent facts that must survive restarts (the server DUID under 'server-duid:<agent>').
CREATE TABLE server_state (
  key         text        PRIMARY KEY,
  value       jsonb       NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Configuration changes (subnets, reservations, …), in commit order across agents, so other
-- agents sharing the database learn what to reload (Kea's config backend audit, cb6_updated).
CREATE TABLE audit (
  seq                bigserial   PRIMARY KEY,
  at                 timestamptz NOT NULL DEFAULT now(),
  agent              text        NOT NULL,
  object_type        text        NOT NULL,
  object_id          text        NOT NULL,
  modification_type  text        NOT NULL CHECK (modification_type IN ('create', 'update', 'delete')),
  log_message        text        NOT NULL DEFAULT '',
  payload            jsonb
);

CREATE INDEX audit_by_at ON audit (at);
