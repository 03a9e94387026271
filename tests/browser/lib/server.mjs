// One `localaction serve` for the whole suite, on 127.0.0.1 with a temporary database holding
// the demo data and the extra actions of testdata.mjs, each imported with the CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { extraActions, toJsonl } from './testdata.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEMO = path.join(REPO, 'data', 'demo', 'imrf2022.jsonl');
const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/;
const START_TIMEOUT_MS = 15000;

export function binaryPath() {
  const bin = process.env.LOCALACTION_BIN || path.join(REPO, 'build', 'localaction');
  if (!existsSync(bin)) {
    throw new Error(`no localaction binary at ${bin}: build it (make build) or set LOCALACTION_BIN`);
  }
  return bin;
}

function cleanEnv() {
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  delete env.LOCALACTION_DB;
  return env;
}

function cli(bin, args, cwd, input) {
  const r = spawnSync(bin, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 60000, input });
  if (r.status !== 0) {
    throw new Error(`localaction ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/**
 * Imports the data, adds the accounts of @users ([{email, role, government, password}], made
 * with `localaction user add`) and starts the server; resolves to {url, stop(), log()}.
 */
export async function startServer({ users = [] } = {}) {
  const bin = binaryPath();
  const dir = mkdtempSync(path.join(tmpdir(), 'localaction-browser-'));
  const db = path.join(dir, 'browser.db');
  const extra = path.join(dir, 'extra.jsonl');
  writeFileSync(extra, toJsonl(extraActions()));
  cli(bin, ['import', '--quiet', '--db', db, DEMO], dir);
  cli(bin, ['import', '--quiet', '--db', db, extra], dir);
  for (const u of users) {
    const args = ['user', 'add', '--db', db, '--email', u.email, '--role', u.role, '--password-stdin'];
    if (u.government) args.push('--government', u.government);
    cli(bin, args, dir, `${u.password}\n`);
  }

  const proc = spawn(bin, ['serve', '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (s) => {
    if (stderr.length < 5e6) stderr += s;
  });
  const killOnExit = () => proc.kill('SIGKILL');
  process.on('exit', killOnExit);

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the server printed no first line within ${START_TIMEOUT_MS} ms; stderr: ${stderr.slice(-4000)}`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: proc.stdout });
    let first = true;
    lines.on('line', (line) => {
      if (!first) return; // keep draining so that the pipe never fills
      first = false;
      clearTimeout(timer);
      const m = LISTENING.exec(line);
      if (m) resolve(m[1].replace(/\/$/, ''));
      else {
        proc.kill('SIGKILL');
        reject(new Error(`first stdout line is ${JSON.stringify(line)}, want 'listening on http://127.0.0.1:PORT/'; stderr: ${stderr.slice(-4000)}`));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening; stderr: ${stderr.slice(-4000)}`));
    });
  });

  return {
    url,
    log: () => stderr,
    async stop() {
      process.off('exit', killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
