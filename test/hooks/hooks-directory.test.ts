import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfinementError, confinePath, defaultHooksDirectory, resolveHooksDirectory, resolveLogDirectory,
} from '../../src/hooks/hooks-directory.js';

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'hooks-dir-')));
const base = path.join(root, 'base');
mkdirSync(path.join(base, 'sub'), { recursive: true });
mkdirSync(path.join(root, 'elsewhere'));
symlinkSync(path.join(root, 'elsewhere'), path.join(base, 'out-link'));
symlinkSync(path.join(root, 'elsewhere', 'missing'), path.join(base, 'dangling'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('which directories', () => {
  it('takes the hooks directory from the flag, then the environment, then the built-ins beside the code', () => {
    expect(resolveHooksDirectory('/opt/hooks', { DHCP6_AGENT_HOOKS_DIR: '/etc/hooks' })).toBe('/opt/hooks');
    expect(resolveHooksDirectory(undefined, { DHCP6_AGENT_HOOKS_DIR: '/etc/hooks' })).toBe('/etc/hooks');
    expect(resolveHooksDirectory(undefined, {})).toBe(defaultHooksDirectory());
    expect(existsSync(path.join(defaultHooksDirectory(), 'run-script'))).toBe(true);
  });

  it('takes the log directory from the flag, then the environment, then the data directory', () => {
    expect(resolveLogDirectory('/var/lib/agent', '/var/log/agent', { DHCP6_AGENT_LOG_DIR: '/x' })).toBe('/var/log/agent');
    expect(resolveLogDirectory('/var/lib/agent', undefined, { DHCP6_AGENT_LOG_DIR: '/x' })).toBe('/x');
    expect(resolveLogDirectory('/var/lib/agent', undefined, {})).toBe('/var/lib/agent');
  });
});

describe('confinePath', () => {
  it('resolves relative paths inside the directory, existing or not yet', () => {
    expect(confinePath(base, 'sub/lib.js', 'library')).toBe(path.join(base, 'sub', 'lib.js'));
    expect(confinePath(base, path.join(base, 'sub', '..', 'a.js'), 'library')).toBe(path.join(base, 'a.js'));
  });

  it('refuses the directory itself unless asked to accept it', () => {
    expect(() => confinePath(base, '.', 'library')).toThrow(ConfinementError);
    expect(confinePath(base, '.', "parameter 'path'", { allowDirectoryItself: true })).toBe(base);
  });

  it('refuses paths that leave through .., an absolute path or a symbolic link', () => {
    expect(() => confinePath(base, '../elsewhere/x.js', 'library')).toThrow(/is outside/);
    expect(() => confinePath(base, '/etc/passwd', 'library')).toThrow(/'\/etc\/passwd' is outside/);
    expect(() => confinePath(base, 'out-link/x.js', 'library')).toThrow(/resolves to .*elsewhere\/x\.js\) is outside/);
  });

  it('refuses a symbolic link whose target does not exist: creating the file would follow it', () => {
    expect(() => confinePath(base, 'dangling', "parameter 'path'")).toThrow(/symbolic link to a missing target/);
  });

  it('says which directory is missing', () => {
    expect(() => confinePath(path.join(root, 'nope'), 'a.js', 'library')).toThrow(/the directory .*nope does not exist/);
  });
});
