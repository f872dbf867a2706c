import { join } from 'node:path'
import { writeResultBundle } from '../bundle/bundleWriter'
import { gradeRecord, resultBundleInputOf } from '../bundle/sessionExport'
import type { LoadedExam } from '../exam/examCatalog'
import { resultEncryptionKey } from '../package/resultEncryptionKey'
import type { SessionService } from '../session/sessionService'
import type { Station } from '../station/stationIdentity'
import { bundleFileName, writeVerifiedBundle } from './bundleFile'
import type { ExportedBundle } from './bundleFile'

export interface BundleExportDeps {
  sessions: SessionService
  /** The exam the session sat, looked up only once its record passed the integrity check. */
  examOf: (sessionId: string) => LoadedExam
  station: Station
  /** The export time written into the manifest. */
  at: string
}

/**
 * Writes the session's signed result bundle to `<outDir>/<examId>_<candidateId>_<sessionId>.jws`, verifies the
 * file, and only then marks the session exported with the file's SHA-256. When the exam's package names the
 * authority's `result_encryption_key`, the file is the bundle encrypted to it (`<examId>_<sessionId>.jwe`, no
 * candidate id): results on a lost stick stay unreadable. Names are bounded however long the ids (bundleFileName).
 * An exported session can be exported again (a lost stick): it is marked again only when the new bundle holds
 * events the earlier ones lack (session/exportCoverage), which is what the purge goes by.
 *
 * The chain is verified once on the way out, by exportRecord (the full store check: stored hashes, head MAC, every
 * sealed row); the writer signs that verified head instead of hashing the lines again. writeVerifiedBundle then
 * verifies the signed bundle on purpose a second time, as a results office would, with none of the writer's code.
 */
export async function exportSessionBundle(
  deps: BundleExportDeps,
  sessionId: string,
  outDir: string,
): Promise<ExportedBundle> {
  const record = deps.sessions.exportRecord(sessionId)
  const exam = deps.examOf(sessionId)
  const { id, title, packageHash } = exam.info
  const input = resultBundleInputOf({
    record,
    exam: { id, title, packageHash },
    grading: gradeRecord(exam.bank, record),
    exportedAt: deps.at,
  })
  const text = writeResultBundle(input, record.events, deps.station, { count: record.head.seq, head: record.head.hash })
  const pem = exam.settings.result_encryption_key
  const authorityKey = pem === undefined ? undefined : resultEncryptionKey(pem)
  const file = join(outDir, bundleFileName(id, input.candidate.id, sessionId, authorityKey !== undefined))
  const written = await writeVerifiedBundle(file, text, deps.station.publicKeyJwk, authorityKey)
  deps.sessions.markExported(sessionId, {
    bundleSha256: written.sha256,
    events: record.head.seq,
    head: record.head.hash,
  })
  return { file, ...written }
}
