#!/usr/bin/env node
/**
 * Completes package-lock.json with entries for other platforms' optional binaries (e.g.
 * @swc/core-darwin-arm64). npm 11 leaves them out when the registry it resolved against does not
 * serve them (npm/cli#4828, #8669), and `npm ci` then refuses the lock as out of sync. Each entry gets
 * the os/cpu its name states, so npm skips it on every other platform. Run after changing
 * dependencies: `node scripts/complete-lockfile.js`. Idempotent.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const LOCK = path.join(__dirname, '..', 'package-lock.json');
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix'];
const CPU = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target] || lock.packages[`${key}/${target}`]) continue;
    const tokens = name.split(/[/-]/);
    const os = OS.filter((o) => tokens.includes(o));
    const cpu = CPU.filter((c) => tokens.includes(c));
    if (os.length === 0 && cpu.length === 0) continue; // not a platform binary: leave it to npm
    lock.packages[target] = {
      version: version.replace(/^[\^~=]/, ''),
      optional: true,
      ...(os.length ? { os } : {}),
      ...(cpu.length ? { cpu } : {}),
    };
    added += 1;
  }
}
if (added > 0) {
  const keys = Object.keys(lock.packages).sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
  );
  lock.packages = Object.fromEntries(keys.map((k) => [k, lock.packages[k]]));
  fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`[lockfile] ${added} platform entr${added === 1 ? 'y' : 'ies'} added`);
