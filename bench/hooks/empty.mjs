// bench/hooks.sh: a hooks library that loads and registers nothing — what a configured
// library costs the agent when it has no callouts.
export const version = 1;
