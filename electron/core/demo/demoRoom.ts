import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { spkiPem } from '../crypto/ed25519Keys'
import type { ScryptParams } from '../crypto/secretHash'
import { writeFileAtomic } from '../fs/writeFileAtomic'
import { buildSittingFromSpec } from '../sitting/buildSitting'
import type { VerifiedSitting } from '../sitting/sittingFile'
import { DEMO_AUTHORITY_KEY_FILE, keptDemoKey, prepareDemoExams, type DemoExam } from './demoExams'

/**
 * The demo room behind `invigil room serve --demo`: one seed exam in a sitting signed by the same demo authority
 * `invigil host --demo` uses, seats in rows of ten (A-01 … A-06 by default), a demo candidate on every seat, one
 * demo proctor with a known PIN and a demo room key, all kept in the demo folder. Anyone who reads this file knows
 * the PIN and anyone with the folder holds both keys: a try-out on one PC, never a real sitting.
 */
export const DEMO_SITTING_ID = 'demo-room'
export const DEMO_PROCTOR = { id: 'P01', name: 'Demo proctor', pin: '246810' } as const
export const DEMO_ROOM_KEY_FILE = 'demo-room.key.pem'
export const DEMO_AUTHORITY_PUBLIC_FILE = 'demo-authority.pub.pem'
export const DEMO_SITTING_FILE = 'demo-room.invigil-sitting'
/** The seed exam the demo sitting carries (a station sits the one exam of its sitting); else the first seed exam. */
export const DEMO_ROOM_EXAM = 'it-customer-service-certification-2026'
export const DEMO_SEATS = 6
const ROW_WIDTH = 10
const ROW_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const MAX_DEMO_SEATS = ROW_WIDTH * ROW_LETTERS.length
const NAMES = ['Chan Tai Man', 'Ann Lee', 'Wong Siu Ming', 'Bo Cheung', 'Li Na', 'Sam Ho']
const PIN_ENV = 'INVIGIL_DEMO_PIN_P01'

export interface DemoRoomOptions {
  /** The demo folder (DIR/demo): the demo authority, the seed packages, the demo room key and sitting. */
  dir: string
  banksDir: string
  seats?: number
  now?: () => Date
  /** scrypt cost of the proctor PIN verifier; the station's default unless a test asks for a cheaper one. */
  scryptParams?: ScryptParams
}

export interface DemoRoom {
  sitting: VerifiedSitting
  sittingText: string
  sittingFile: string
  roomPrivateKey: KeyObject
  authority: { keyId: string; publicKeyFile: string }
  exam: DemoExam
  proctor: { id: string; name: string; pin: string }
}

/** Seat labels row by row: A-01 … A-10, then B-01 …; one row for the default six. */
export function demoSeatLabels(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_SEATS)
    throw new RangeError(`a demo room has 1 to ${String(MAX_DEMO_SEATS)} seats`)
  return Array.from(
    { length: count },
    (_, i) => `${ROW_LETTERS[Math.floor(i / ROW_WIDTH)] ?? '?'}-${String((i % ROW_WIDTH) + 1).padStart(2, '0')}`,
  )
}

function demoSpec(labels: readonly string[], packageFile: string, now: Date): string {
  const rows: string[][] = []
  labels.forEach((label, i) => (rows[Math.floor(i / ROW_WIDTH)] ??= []).push(label))
  // A window around now: the demo is for trying out today, and it is rebuilt on every start.
  const opens = new Date(now.getTime() - 60 * 60_000).toISOString()
  const closes = new Date(now.getTime() + 23 * 60 * 60_000).toISOString()
  return [
    `id: ${DEMO_SITTING_ID}`,
    'title: Demo room (seed exam, demo authority)',
    'window:',
    `  opens_at: ${opens}`,
    `  closes_at: ${closes}`,
    'packages:',
    `  - ${JSON.stringify(packageFile)}`,
    'roster: roster.csv',
    'seats:',
    ...rows.map((row, i) => `  - row: ${String(i + 1)}\n    labels: [${row.join(', ')}]`),
    'staff:',
    `  - id: ${DEMO_PROCTOR.id}`,
    `    name: ${DEMO_PROCTOR.name}`,
    '    role: proctor',
    `    secret_env: ${PIN_ENV}`,
    'room:',
    '  key: room.pub.pem',
    '',
  ].join('\n')
}

const demoRoster = (labels: readonly string[]): string =>
  [
    'candidate_id,name,seat',
    ...labels.map((seat, i) => {
      const id = `D-${String(i + 1).padStart(3, '0')}`
      return `${id},${NAMES[i] ?? `Demo candidate ${String(i + 1)}`},${seat}`
    }),
    '',
  ].join('\n')

/** Prepares (or refreshes) the demo room in `dir` and returns what `room serve` needs to run it. */
export async function prepareDemoRoom(options: DemoRoomOptions): Promise<DemoRoom> {
  const now = options.now ?? (() => new Date())
  const labels = demoSeatLabels(options.seats ?? DEMO_SEATS)
  const demo = await prepareDemoExams({ dir: options.dir, banksDir: options.banksDir, now })
  const exam = demo.exams.find((e) => e.bankId === DEMO_ROOM_EXAM) ?? demo.exams[0]
  if (!exam) throw new Error(`no seed exam in ${options.banksDir} could be packaged for the demo room`)
  const authorityPrivateKeyPem = await keptDemoKey(join(options.dir, DEMO_AUTHORITY_KEY_FILE), () => {
    throw new Error('the demo authority key vanished while the demo room was prepared')
  })
  const roomPem = await keptDemoKey(join(options.dir, DEMO_ROOM_KEY_FILE), () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  )
  const roomPrivateKey = createPrivateKey(roomPem)

  const specDir = join(options.dir, 'demo-room')
  await mkdir(specDir, { recursive: true, mode: 0o700 })
  await writeFileAtomic(join(specDir, 'room.pub.pem'), spkiPem(roomPrivateKey))
  await writeFileAtomic(join(specDir, 'roster.csv'), demoRoster(labels))
  const specFile = join(specDir, 'sitting.yaml')
  await writeFileAtomic(specFile, demoSpec(labels, exam.packagePath, now()))
  const built = await buildSittingFromSpec({
    specFile,
    authorityPrivateKeyPem,
    env: { [PIN_ENV]: DEMO_PROCTOR.pin },
    now: now(),
    ...(options.scryptParams ? { scryptParams: options.scryptParams } : {}),
  })
  if (!built.text || !built.sitting)
    throw new Error(`the demo sitting did not build: ${built.diagnostics.map((d) => d.message).join('; ')}`)

  const publicKeyFile = join(options.dir, DEMO_AUTHORITY_PUBLIC_FILE)
  await writeFileAtomic(publicKeyFile, demo.authority.publicKeyPem)
  const sittingFile = join(options.dir, DEMO_SITTING_FILE)
  await writeFileAtomic(sittingFile, built.text)
  return {
    sitting: built.sitting,
    sittingText: built.text,
    sittingFile,
    roomPrivateKey,
    authority: { keyId: demo.authority.keyId, publicKeyFile },
    exam,
    proctor: { ...DEMO_PROCTOR },
  }
}
