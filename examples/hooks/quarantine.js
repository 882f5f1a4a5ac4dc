// Example hook library (plain JavaScript): keeps a list of quarantined clients that the
// operator manages with commands on the command channel, and gives them no leases.
//
//   "hooks-libraries": [{ "library": "quarantine.js", "parameters": { "max-entries": 1000 } }]
//
//   {"command": "quarantine-add",  "arguments": {"duid": "00:03:00:01:08:00:27:2b:3f:4e", "reason": "abuse"}}
//   {"command": "quarantine-del",  "arguments": {"duid": "00:03:00:01:08:00:27:2b:3f:4e"}}
//   {"command": "quarantine-list"}
//
// The list lives in load()'s closure, so it is per library instance: a reconfiguration
// loads a new, empty instance (a real library would keep the list in a file or database).

export const version = 1;

/** "00:03:00:01:…" from the DUID bytes: Kea's text form, as operators type it. */
function duidText(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

const duidArgument = {
  type: 'object',
  required: ['duid'],
  properties: {
    duid: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$' },
    reason: { type: 'string', maxLength: 200 },
  },
  additionalProperties: false,
};

export function load(ctx) {
  const max = ctx.parameters['max-entries'] ?? 1000;
  if (!Number.isInteger(max) || max <= 0) throw new Error("parameter 'max-entries' must be a positive integer");
  const quarantined = new Map(); // duid text → { reason, since }

  ctx.registerCommand('quarantine-add', (args) => {
    const duid = args.duid.toLowerCase();
    if (!quarantined.has(duid) && quarantined.size >= max) {
      return { result: 1, text: `the quarantine holds ${max} clients already` };
    }
    quarantined.set(duid, { reason: args.reason ?? '', since: new Date().toISOString() });
    ctx.log.info({ duid }, 'client quarantined');
    return { result: 0, text: `Client ${duid} quarantined.` };
  }, { schema: duidArgument });

  ctx.registerCommand('quarantine-del', (args) => {
    const duid = args.duid.toLowerCase();
    // Kea's result 3: the thing asked for does not exist.
    if (!quarantined.delete(duid)) return { result: 3, text: `Client ${duid} is not quarantined.` };
    return { result: 0, text: `Client ${duid} released.` };
  }, { schema: duidArgument });

  ctx.registerCommand('quarantine-list', () => {
    const clients = [...quarantined].map(([duid, entry]) => ({ duid, ...entry }));
    return clients.length === 0
      ? { result: 3, text: '0 clients quarantined.', arguments: { clients } }
      : { result: 0, text: `${clients.length} clients quarantined.`, arguments: { clients } };
  });

  const isQuarantined = (handle) => quarantined.has(duidText(handle.getArgument('lease6').duid));

  // SKIP at lease6_select: the server does not assign this lease (SOLICIT and REQUEST).
  ctx.registerCallout('lease6_select', (handle) => {
    if (isQuarantined(handle)) handle.setStatus('skip');
  });

  // SKIP at lease6_renew / lease6_rebind: the server does not extend the lease. The contract
  // asks the callout to say so in the IA it sends back, else the client believes it was
  // renewed: lifetimes 0 tell it to stop using the address or prefix (RFC 8415 §18.3.4).
  const refuseExtension = (handle) => {
    if (!isQuarantined(handle)) return;
    handle.setStatus('skip');
    const lease = handle.getArgument('lease6');
    const ia = handle.getArgument('ia_na') ?? handle.getArgument('ia_pd');
    for (const option of ia?.options ?? []) {
      const leased = option.kind === 'iaaddr' ? option.address : option.kind === 'iaprefix' ? option.prefix : undefined;
      if (leased === lease.address) {
        option.preferred = 0;
        option.valid = 0;
      }
    }
  };
  ctx.registerCallout('lease6_renew', refuseExtension);
  ctx.registerCallout('lease6_rebind', refuseExtension);

  ctx.onUnload(() => quarantined.clear());
}
