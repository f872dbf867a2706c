import type { Statement } from 'better-sqlite3'
import { DecryptionError, open, seal } from '../crypto/aead'
import { canonicalJson } from '../base/canonicalJson'
import type { SessionKeyring } from '../crypto/keyring'
import type { StationDatabase } from './database'
import type { RandomSource } from '../crypto/randomSource'
import { tamperDetected } from './storeError'

/**
 * Installed exams. The content (bank with answer keys, and delivery settings) is stored only as AES-256-GCM
 * ciphertext under a per-exam data key, which is stored only wrapped by the station keyring. The AAD binds the
 * row's plain columns, so a ciphertext moved to another row, or a row relabelled, fails to open. At most one exam
 * is active: the one new sessions are created for; older ones stay for the sessions that used them.
 */
export interface ExamRow {
  packageHash: string
  examId: string
  source: string
  installedAt: string
  active: boolean
}

export interface NewExam {
  packageHash: string
  examId: string
  source: string
  /** Plain JSON; sealed as canonical JSON. */
  content: unknown
}

interface StoredRow {
  package_hash: string
  exam_id: string
  source: string
  installed_at: string
  active: number
  wrapped_key: Buffer
  nonce: Buffer
  ciphertext: Buffer
}

const DATA_KEY_BYTES = 32
const NONCE_BYTES = 12

/** The keyring's wrapping context; session ids start with "ses_", so the two never meet. */
export const examKeyringId = (packageHash: string): string => `exam/${packageHash}`

const contentAad = (row: Pick<ExamRow, 'packageHash' | 'examId' | 'source'>): Buffer =>
  Buffer.from(canonicalJson(['invigil-exam/1', row.packageHash, row.examId, row.source]), 'utf8')

const rowOf = (row: StoredRow): ExamRow => ({
  packageHash: row.package_hash,
  examId: row.exam_id,
  source: row.source,
  installedAt: row.installed_at,
  active: row.active === 1,
})

export class ExamStore {
  private readonly deactivateAll: Statement
  private readonly upsertRow: Statement<[string, string, string, Buffer, Buffer, Buffer, string]>
  private readonly getRow: Statement<[string], StoredRow>
  private readonly activeRow: Statement<[], StoredRow>

  constructor(
    private readonly db: StationDatabase,
    private readonly keyring: SessionKeyring,
    private readonly random: RandomSource,
  ) {
    this.deactivateAll = db.prepare('UPDATE exams SET active = 0 WHERE active = 1')
    this.upsertRow = db.prepare(`
      INSERT INTO exams (package_hash, exam_id, source, active, wrapped_key, nonce, ciphertext, installed_at)
      VALUES (?, ?, ?, 1, ?, ?, ?, ?)
      ON CONFLICT (package_hash) DO UPDATE SET exam_id = excluded.exam_id, source = excluded.source, active = 1,
        wrapped_key = excluded.wrapped_key, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
        installed_at = excluded.installed_at`)
    this.getRow = db.prepare('SELECT * FROM exams WHERE package_hash = ?')
    this.activeRow = db.prepare('SELECT * FROM exams WHERE active = 1')
  }

  /** Seals and stores the exam and makes it the active one, in one transaction. Reinstalling re-seals it. */
  install(exam: NewExam, at: string): ExamRow {
    const dataKey = this.random(DATA_KEY_BYTES)
    try {
      const sealed = seal(
        dataKey,
        Buffer.from(canonicalJson(exam.content), 'utf8'),
        contentAad(exam),
        this.random(NONCE_BYTES),
      )
      const wrapped = this.keyring.wrapSessionKey(examKeyringId(exam.packageHash), dataKey)
      this.db.transaction(() => {
        this.deactivateAll.run()
        this.upsertRow.run(exam.packageHash, exam.examId, exam.source, wrapped, sealed.nonce, sealed.ciphertext, at)
      })()
    } finally {
      dataKey.fill(0)
    }
    return { packageHash: exam.packageHash, examId: exam.examId, source: exam.source, installedAt: at, active: true }
  }

  active(): ExamRow | undefined {
    const row = this.activeRow.get()
    return row && rowOf(row)
  }

  get(packageHash: string): ExamRow | undefined {
    const row = this.getRow.get(packageHash)
    return row && rowOf(row)
  }

  /** The decrypted content; undefined when no such exam is installed. A row that fails to open was tampered with. */
  content(packageHash: string): unknown {
    const row = this.getRow.get(packageHash)
    if (!row) return undefined
    let dataKey: Buffer
    try {
      dataKey = this.keyring.unwrapSessionKey(examKeyringId(packageHash), row.wrapped_key)
    } catch {
      throw tamperDetected(`the data key of installed exam ${row.exam_id} does not unwrap`)
    }
    try {
      return JSON.parse(
        open(dataKey, { nonce: row.nonce, ciphertext: row.ciphertext }, contentAad(rowOf(row))).toString('utf8'),
      )
    } catch (error) {
      if (error instanceof DecryptionError)
        throw tamperDetected(`installed exam ${row.exam_id} does not decrypt under its own key`)
      throw error
    } finally {
      dataKey.fill(0)
    }
  }
}
