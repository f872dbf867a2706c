import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installInput, runtimeDir, type RuntimeDir } from '../runtime/testing/runtimeFixture'
import type { StationRuntime } from '../runtime/stationRuntime'
import { exportTable } from '../results/exportTable'
import { checkBundleContent } from './bundleContent'
import type { ResultManifest } from './bundleFormat'
import { verifyBundle } from './bundleVerifier'

/**
 * Issue 15.3: the proctor's reason for ending a session travels in the signed result (manifest.session.submit_note,
 * equal to the log's `submitted` note), so the results export can show it; a manifest that says otherwise is refused.
 */
let home: RuntimeDir
let runtime: StationRuntime | undefined
beforeEach(() => {
  home = runtimeDir()
})
afterEach(async () => {
  await runtime?.close()
  home.cleanup()
})

const NOTE = 'Wrong candidate at this desk'

async function endedByProctor(): Promise<{ manifest: ResultManifest; eventLines: string[] }> {
  const open = await home.open()
  runtime = open
  open.installExam(installInput())
  const { sessionId } = open.beginSession({ candidateId: 'C001', name: 'A' })
  open.sessions.start(sessionId)
  open.sessions.submit(sessionId, 'proctor', NOTE)
  const exported = await open.exportBundle(sessionId, join(home.dir, 'out'))
  const bytes = readFileSync(exported.file)
  const verified = await verifyBundle(bytes, { trustedStationKeys: [open.station.publicKeyJwk] })
  if (!verified.ok) throw new Error(verified.reason)
  return { manifest: verified.manifest, eventLines: verified.eventLines }
}

describe("the proctor's reason for ending a session", () => {
  it('is in the signed manifest and in the results export beside who ended it', async () => {
    const { manifest } = await endedByProctor()
    expect(manifest.session).toMatchObject({ submit_reason: 'proctor', submit_note: NOTE })
    const table = exportTable([
      {
        bundleSha256: '0'.repeat(64),
        stationId: manifest.station.id,
        sessionId: manifest.session.id,
        examId: manifest.exam.id,
        candidateId: manifest.candidate.id,
        candidateName: manifest.candidate.name,
        total: manifest.scores.total,
        max: manifest.scores.max,
        passed: manifest.scores.passed,
        pending: manifest.scores.pending,
        submittedAt: manifest.session.submitted_at,
        importedAt: manifest.exported_at,
        encrypted: false,
        manifest,
      },
    ])
    const at = (header: string): number => table.columns.findIndex((column) => column.header === header)
    expect([table.rows[0]?.[at('end_reason')], table.rows[0]?.[at('end_note')]]).toEqual(['proctor', NOTE])
  })

  it('is refused when the manifest changes it, adds one, or drops it: the log is the record', async () => {
    const { manifest, eventLines } = await endedByProctor()
    expect(checkBundleContent(manifest, eventLines)).toBeUndefined()
    const withNote = (note: string | undefined): ResultManifest => {
      const session = { ...manifest.session }
      delete session.submit_note
      return { ...manifest, session: note === undefined ? session : { ...session, submit_note: note } }
    }
    for (const forged of [withNote('Candidate felt unwell'), withNote(undefined)])
      expect(checkBundleContent(forged, eventLines)).toMatchObject({ code: 'INCONSISTENT' })
  })
})
