#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron-<version>/, leaving the Node build in node_modules
// untouched, so `npm test` (Node) and `npm start` (Electron) both work from one install. Needs a network the first
// time (Electron headers or a prebuilt binary); afterwards it is a no-op.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'

const require = createRequire(import.meta.url)
const root = join(dirname(new URL(import.meta.url).pathname), '..')
const electronVersion = require('electron/package.json').version
const target = join(root, '.native', `electron-${electronVersion}`, 'better_sqlite3.node')

if (existsSync(target)) process.exit(0)

const source = dirname(require.resolve('better-sqlite3/package.json'))
const work = mkdtempSync(join(tmpdir(), 'invigil-native-'))
cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${join(source, 'build')}`) })

function run(command, args) {
  console.log(`[electron-native] ${command} ${args.join(' ')}`)
  return spawnSync(command, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0
}

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
const built =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]) ||
  run(bin('node-gyp'), [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
  ])

const output = join(work, 'build', 'Release', 'better_sqlite3.node')
if (!built || !existsSync(output)) {
  console.error('[electron-native] could not build better-sqlite3 for Electron; `npm start` needs a network once.')
  process.exit(1)
}
mkdirSync(dirname(target), { recursive: true })
copyFileSync(output, target)
rmSync(work, { recursive: true, force: true })
console.log(`[electron-native] wrote ${target}`)
