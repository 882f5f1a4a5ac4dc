import { configDefaults, defineConfig } from 'vitest/config';

// Tests that create network namespaces and bind port 547 must never run two files at once: they
// form the "netns" project, one file at a time in its own forked process (its exit handler removes
// what a failed file leaves behind). Vitest runs that serial group after the parallel "unit" one.
const NETNS_TESTS = ['test/e2e/**/*.test.ts', 'test/transport/udp.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...NETNS_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'netns',
          include: NETNS_TESTS,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
