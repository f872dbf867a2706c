import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { masterKeyKeyring } from '../crypto/keyring'
import { AnswerStore } from './answerStore'
import { openStationDatabase, type StationDatabase } from './database'
import { GENESIS_HASH } from '../base/eventChain'
import { EventLog } from './eventLog'
import { ExamStore } from './examStore'
import { ManualScoreStore } from './manualScoreStore'
import { CredentialStore } from './credentialStore'
import { PROCTOR_CREDENTIAL, ProctorCredentialStore } from './proctorCredentialStore'
import { RoomCommandStore } from './roomCommandStore'
import { SealedRecordStore } from './sealedRecordStore'
import { migrate, MIGRATIONS, schemaVersion } from './migrations'
import { deriveSessionKeys, headMac, type SessionKeys } from './sessionCrypto'
import { defaultRandom } from '../crypto/randomSource'
import { verifySessionIntegrity } from './sessionIntegrity'
import { SessionTable } from './sessionTable'
import { StationSeal } from './stationSeal'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'invigil-migrate-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const at = '2026-11-23T09:00:00.000Z'

/** A running session with answers, written through the stores as they exist at schema version 1. */
function seedSession(db: StationDatabase): SessionKeys {
  const keys = deriveSessionKeys('ses_v1', 'key_v1', randomBytes(32))
  const head = { state: 'running', seq: 0, hash: GENESIS_HASH, allowedMs: 3_600_000, elapsedMs: 0 }
  const log = new EventLog(db)
  db.transaction(() => {
    new SessionTable(db).insert({
      id: keys.sessionId,
      exam_id: 'exam',
      package_hash: 'ab'.repeat(32),
      form_seed: 'seed',
      state: head.state,
      key_id: keys.keyId,
      wrapped_key: Buffer.alloc(60),
      duration_ms: head.allowedMs,
      allowed_ms: head.allowedMs,
      elapsed_ms: 0,
      head_seq: 0,
      head_hash: GENESIS_HASH,
      head_mac: headMac(keys, head),
      created_at: at,
      updated_at: at,
    })
    log.append(keys, head, { type: 'session_created', at, data: { session: keys.sessionId } })
  })()
  const answers = new AnswerStore(db, log, defaultRandom)
  const context = { at, elapsedMs: 1000, guard: () => undefined }
  answers.save(keys, 'q1', 'B', context)
  answers.save(keys, 'q2', ['A', 'C'], context)
  answers.save(keys, 'q1', 'D', context)
  return keys
}

describe('migrations', () => {
  it('0 -> 1: creates the v1 schema on an empty file, which takes real rows', () => {
    const db = openStationDatabase(join(dir, 'a.sqlite'), { migrations: MIGRATIONS.slice(0, 1) })
    expect(schemaVersion(db)).toBe(1)
    const keys = seedSession(db)
    expect(new AnswerStore(db, new EventLog(db), defaultRandom).latest(keys).map((a) => a.response)).toEqual([
      'D',
      ['A', 'C'],
    ])
    db.close()
  })

  it('1 -> 2: keeps every v1 row readable and verifiable, and adds manual scores and the state index', () => {
    const path = join(dir, 'a.sqlite')
    const v1 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 1) })
    const keys = seedSession(v1)
    v1.close()

    const db = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 2) })
    expect(schemaVersion(db)).toBe(2)
    const log = new EventLog(db)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    const answers = new AnswerStore(db, log, defaultRandom)
    expect(answers.revisions(keys).map((a) => [a.unitId, a.revision, a.response])).toEqual([
      ['q1', 1, 'B'],
      ['q1', 2, 'D'],
      ['q2', 1, ['A', 'C']],
    ])
    const scores = new ManualScoreStore(db, log, defaultRandom)
    db.transaction(() => scores.record(keys, { itemId: 'q3', score: 2, grader: 'G. Rader' }, at))()
    expect(scores.all(keys)).toMatchObject([{ itemId: 'q3', score: 2, revision: 1 }])
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 5 })
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE state = 'running'").all()
    expect(JSON.stringify(plan)).toContain('sessions_by_state')
    db.close()
  })

  it('2 -> 3: keeps every session verifiable, and adds sealed installed exams and the storage probe', () => {
    const path = join(dir, 'a.sqlite')
    const v2 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 2) })
    const keys = seedSession(v2)
    v2.close()

    const db = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 3) })
    expect(schemaVersion(db)).toBe(3)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    const exams = new ExamStore(db, masterKeyKeyring(randomBytes(32)), defaultRandom)
    const content = { bank: { id: 'exam', key: 'B' } }
    exams.install({ packageHash: 'ab'.repeat(32), examId: 'exam', source: 'test', content }, at)
    expect(exams.active()).toMatchObject({ examId: 'exam', active: true })
    expect(exams.content('ab'.repeat(32))).toEqual(content)
    db.prepare("INSERT INTO storage_probe (id, token, written_at) VALUES (1, x'00', ?)").run(at)
    expect(() =>
      db
        .prepare(
          'INSERT INTO exams SELECT package_hash, exam_id, source, 1, wrapped_key, nonce, ciphertext, installed_at FROM exams',
        )
        .run(),
    ).toThrow(/UNIQUE/)
    db.close()
  })

  it('3 -> 4: keeps sessions and the proctor PIN, and adds the admin credential and sealed station records', () => {
    const path = join(dir, 'a.sqlite')
    const keyring = masterKeyKeyring(randomBytes(32))
    const v3 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 3) })
    const keys = seedSession(v3)
    const pin = {
      pin: { params: { N: 1024, r: 8, p: 1, keyLength: 32 }, salt: randomBytes(16), hash: randomBytes(32) },
      lockout: { failures: 2, lockedUntilMs: 0 },
    }
    new ProctorCredentialStore(v3, keyring, defaultRandom).write(pin, at)
    v3.close()

    const db = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 4) })
    expect(schemaVersion(db)).toBe(4)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    expect(new ProctorCredentialStore(db, keyring, defaultRandom).read()).toEqual(pin)

    const admin = new CredentialStore(db, keyring, defaultRandom, {
      table: 'admin_credential',
      keyId: 'station/admin-credential',
      label: 'admin credential',
    })
    expect(admin.read()).toBeUndefined()
    admin.write({ secret: pin.pin, lockout: { failures: 0, lockedUntilMs: 0 } }, at)
    expect(admin.read()?.lockout).toEqual({ failures: 0, lockedUntilMs: 0 })
    // The admin row moved into the proctor table does not pass as the proctor's: its MAC key is wrapped for another id.
    db.exec('DELETE FROM proctor_credential; INSERT INTO proctor_credential SELECT * FROM admin_credential')
    expect(() => new CredentialStore(db, keyring, defaultRandom, PROCTOR_CREDENTIAL).read()).toThrow(
      /proctor credential key does not unwrap/,
    )

    const records = new SealedRecordStore(db, keyring, defaultRandom)
    records.put('roster', [{ candidateId: 'C-1', name: '陳大文' }], at)
    expect(records.get('roster')).toEqual({ value: [{ candidateId: 'C-1', name: '陳大文' }], updatedAt: at })
    expect(JSON.stringify(db.prepare('SELECT * FROM sealed_records').all())).not.toContain('C-1')
    expect(() => db.prepare("INSERT INTO sealed_records VALUES ('other', x'00', x'00', x'00', ?)").run(at)).toThrow(
      /CHECK/,
    )
    db.close()
  })

  it('4 -> 5: keeps sessions verifiable, and adds the room commands a station settled, once per sitting and id', () => {
    const path = join(dir, 'a.sqlite')
    const v4 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 4) })
    const keys = seedSession(v4)
    new SealedRecordStore(v4, masterKeyKeyring(randomBytes(32)), defaultRandom).put('roster', [], at)
    v4.close()

    const db = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 5) })
    expect(schemaVersion(db)).toBe(5)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    const store = new RoomCommandStore(db)
    expect(store.lastSeq('sit-1')).toBe(0)
    const settled = {
      sittingId: 'sit-1',
      cmdId: 'cmd-1',
      seq: 1,
      action: 'pause',
      outcome: 'applied' as const,
      note: null,
      command: '{"action":"pause"}',
      signature: 'sig',
      sessions: [keys.sessionId],
      appliedAt: at,
    }
    store.insert(settled)
    store.insert({ ...settled, cmdId: 'cmd-2', seq: 2, outcome: 'refused', note: 'no minutes', sessions: [] })
    store.insert({ ...settled, sittingId: 'sit-2', seq: 9 })
    expect(store.get('sit-1', 'cmd-1')).toEqual(settled)
    expect(store.lastSeq('sit-1')).toBe(2)
    expect(store.all('sit-2').map((c) => c.seq)).toEqual([9])
    expect(() => store.insert(settled)).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => store.insert({ ...settled, cmdId: 'cmd-3', outcome: 'maybe' as 'applied' })).toThrow(/CHECK/)
    db.close()
  })

  it('5 -> 6: keeps the sealed records readable, and admits the installed sitting as one more', () => {
    const path = join(dir, 'a.sqlite')
    const keyring = masterKeyKeyring(randomBytes(32))
    const v5 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 5) })
    const keys = seedSession(v5)
    new SealedRecordStore(v5, keyring, defaultRandom).put('roster', [{ candidateId: 'C-1', name: '陳大文' }], at)
    expect(() => new SealedRecordStore(v5, keyring, defaultRandom).put('installed_sitting', {}, at)).toThrow(/CHECK/)
    v5.close()

    const db = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 6) })
    expect(schemaVersion(db)).toBe(6)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    const records = new SealedRecordStore(db, keyring, defaultRandom)
    expect(records.get('roster')?.value).toEqual([{ candidateId: 'C-1', name: '陳大文' }])
    records.put('installed_sitting', { id: 'sit-1' }, at)
    expect(records.get('installed_sitting')).toEqual({ value: { id: 'sit-1' }, updatedAt: at })
    expect(() => db.prepare("INSERT INTO sealed_records VALUES ('other', x'00', x'00', x'00', ?)").run(at)).toThrow(
      /CHECK/,
    )
    db.close()
  })

  it('6 -> 7: keeps credentials, exams and sessions, and adds the station seal unsealed, which the first open seals', () => {
    const path = join(dir, 'a.sqlite')
    const keyring = masterKeyKeyring(randomBytes(32))
    const v6 = openStationDatabase(path, { migrations: MIGRATIONS.slice(0, 6) })
    const keys = seedSession(v6)
    const pin = {
      pin: { params: { N: 1024, r: 8, p: 1, keyLength: 32 }, salt: randomBytes(16), hash: randomBytes(32) },
      lockout: { failures: 0, lockedUntilMs: 0 },
    }
    new ProctorCredentialStore(v6, keyring, defaultRandom).write(pin, at)
    const exam = { packageHash: 'cd'.repeat(32), examId: 'exam', source: 'test', content: { bank: {}, settings: {} } }
    new ExamStore(v6, keyring, defaultRandom).install(exam as Parameters<ExamStore['install']>[0], at)
    v6.close()

    // On to the newest version: the seal's facts read migration 8's table too.
    const db = openStationDatabase(path)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    expect(verifySessionIntegrity(db, keys)).toMatchObject({ ok: true, seq: 4 })
    expect(new ProctorCredentialStore(db, keyring, defaultRandom).read()).toEqual(pin)
    expect(db.prepare('SELECT id, mac FROM station_seal').all()).toEqual([{ id: 1, mac: null }])
    const seal = new StationSeal(db, keyring, defaultRandom)
    seal.verify()
    expect(seal.factsNow()).toMatchObject({
      adminCredential: false,
      proctorCredential: true,
      activeExam: 'cd'.repeat(32),
    })
    seal.verify()
    db.exec('DELETE FROM proctor_credential')
    expect(() => seal.verify()).toThrow(/station seal/)
    expect(() => db.exec('INSERT INTO station_seal (id) VALUES (2)')).toThrow(/CHECK/)
    db.close()
  })

  it('is idempotent: migrating a current database does nothing', () => {
    const db = openStationDatabase(join(dir, 'a.sqlite'))
    expect(migrate(db)).toBe(MIGRATIONS.length)
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    db.close()
  })
})
