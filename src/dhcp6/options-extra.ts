// Option shapes beyond the core set in types.ts. The codec adds them here.
export type ExtraOption = never;
