import { AdminError } from '../admin/adminError'
import { checkExportFolder } from '../admin/exportFolder'
import { listExportTargets } from '../admin/exportTargets'
import type { ExportFailure } from '../admin/exportJobTypes'
import { assertScoreInRange, manualUnit } from '../admin/gradingUnits'
import { stationReport } from './adminReport'
import { isApiErrorCode } from './apiErrors'
import {
  adminSessionRows,
  gradingItemOf,
  sessionAuditOf,
  gradingQueueOf,
  gradingResultOf,
  scoreSummaryOf,
} from './adminViews'
import type { AdminMethod, HandlerContext, Implementations } from './handlerContext'

/** Who a manual score is recorded as: the station has one administrator account. */
export const ADMIN_GRADER = 'station administrator'

type ResultsMethod = Extract<
  AdminMethod,
  `admin.${'sessions' | 'sessionAudit' | 'gradingQueue' | 'gradingItem' | 'recordScore' | 'exportTargets' | 'exportBundles' | 'jobStatus' | 'purgeExported' | 'report'}`
>

/** The admin console's results methods: sessions, manual grading, export of signed bundles, and the purge. */
export function adminResultsImplementations(ctx: HandlerContext): Implementations<ResultsMethod> {
  const { runtime, auth, desk, jobs } = ctx
  const requireAdmin = (token: string): void => void auth.require(token, 'admin')

  /** An export failure as the summary shows it: typed errors by their code, anything else logged and kept generic. */
  const describeFailure = (sessionId: string, error: unknown): ExportFailure => {
    const code = (error as { code?: unknown }).code
    if (error instanceof Error && isApiErrorCode(code)) return { sessionId, code, message: error.message }
    ctx.log(`invigil api admin.exportBundles: session ${sessionId}:`, error)
    return { sessionId, code: 'INTERNAL', message: 'the station could not export this session' }
  }

  /** By default: sessions not exported yet, and exported ones graded again since. */
  const defaultExportIds = (): string[] =>
    adminSessionRows(runtime)
      .filter((row) => row.state === 'submitted' || row.changedSinceExport)
      .map((row) => row.sessionId)
      .reverse()

  return {
    'admin.sessions': ({ token }) => {
      requireAdmin(token)
      return adminSessionRows(runtime)
    },

    'admin.sessionAudit': ({ token, sessionId }) => {
      requireAdmin(token)
      return sessionAuditOf(runtime, sessionId)
    },

    'admin.gradingQueue': ({ token }) => {
      requireAdmin(token)
      return gradingQueueOf(runtime)
    },

    'admin.gradingItem': ({ token, sessionId, unitId }) => {
      requireAdmin(token)
      return gradingItemOf(runtime, sessionId, unitId)
    },

    'admin.recordScore': ({ token, sessionId, unitId, score, comment }) => {
      requireAdmin(token)
      const unit = manualUnit(runtime.gradingBank(sessionId), unitId)
      assertScoreInRange(score, unit)
      const stored = runtime.sessions.recordManualScore(sessionId, {
        itemId: unit.itemId,
        ...(unit.partId === undefined ? {} : { partId: unit.partId }),
        score,
        grader: ADMIN_GRADER,
        ...(comment ? { comment } : {}),
      })
      return {
        sessionId,
        unitId,
        score: stored.score,
        revision: stored.revision,
        summary: scoreSummaryOf(gradingResultOf(runtime, sessionId)),
      }
    },

    'admin.exportTargets': ({ token }) => {
      requireAdmin(token)
      const roots = ctx.options.exportTargetRoots
      return listExportTargets(roots ? { roots } : {})
    },

    'admin.exportBundles': async ({ token, outDir, sessionIds }) => {
      requireAdmin(token)
      const folder = await checkExportFolder(outDir)
      const ids = sessionIds ?? defaultExportIds()
      return jobs.start(
        folder,
        ids,
        async (sessionId) => {
          const { file, sha256, manifest, encrypted } = await runtime.exportBundle(sessionId, folder)
          return {
            sessionId,
            candidateId: manifest.candidate.id,
            file,
            sha256,
            pendingManual: manifest.scores.pending,
            encrypted,
          }
        },
        describeFailure,
      )
    },

    'admin.jobStatus': ({ token, jobId }) => {
      requireAdmin(token)
      return jobs.get(jobId)
    },

    'admin.purgeExported': ({ token }) => {
      requireAdmin(token)
      if (jobs.busy()) throw new AdminError('EXPORT_IN_PROGRESS', 'wait for the export to finish before purging')
      const { purged, skipped } = runtime.admin.purgeExported()
      desk.release(purged)
      return { purged: purged.length, skipped: skipped.length }
    },

    'admin.report': ({ token, examId }) => {
      requireAdmin(token)
      return stationReport(runtime, examId)
    },
  }
}
