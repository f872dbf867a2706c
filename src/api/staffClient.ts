import type {
  Accommodations,
  AdminOverview,
  AdminSessionRow,
  ApiResult,
  EnvironmentReport,
  ExportJob,
  ExportTarget,
  ExamAnalysis,
  GradingItemView,
  GradingQueueEntry,
  IncidentsView,
  InstalledExamInfo,
  ProctorStatus,
  RecordedScore,
  RosterCandidate,
  RosterImportResult,
  SessionAuditView,
  SetupInput,
  SittingInstallResult,
  SetupDone,
  SetupStatus,
  StaffSession,
  TrustedAuthorityView,
} from '@contract'
import { call } from './client'

/**
 * The proctor's and the administrator's way to the station. Every call but login carries the token the login
 * returned; the stores keep it in memory only and forget it at logout, expiry or when the panel closes.
 */
export const proctorApi = {
  login: (pin: string, staffId?: string): Promise<ApiResult<StaffSession>> =>
    call('proctor.login', staffId === undefined ? { pin } : { pin, staffId }),
  logout: (token: string): Promise<ApiResult<{ loggedOut: true }>> => call('proctor.logout', { token }),
  status: (token: string): Promise<ApiResult<ProctorStatus>> => call('proctor.status', { token }),
  findCandidates: (token: string, query: string): Promise<ApiResult<RosterCandidate[]>> =>
    call('proctor.findCandidates', { token, query }),
  startSession: (
    token: string,
    candidate: {
      candidateId: string
      name?: string
      accommodations?: Accommodations
      allowUnlisted?: boolean
      override?: { reason: string }
    },
  ): Promise<ApiResult<ProctorStatus>> => call('proctor.startSession', { token, ...candidate }),
  checkEnvironment: (token: string): Promise<ApiResult<EnvironmentReport>> =>
    call('proctor.checkEnvironment', { token }),
  pause: (token: string): Promise<ApiResult<ProctorStatus>> => call('proctor.pause', { token }),
  resume: (token: string): Promise<ApiResult<ProctorStatus>> => call('proctor.resume', { token }),
  extend: (token: string, minutes: number, reason: string): Promise<ApiResult<ProctorStatus>> =>
    call('proctor.extend', { token, minutes, reason }),
  endSession: (token: string, reason: string): Promise<ApiResult<ProctorStatus>> =>
    call('proctor.endSession', { token, reason }),
  releaseStart: (token: string, reason: string): Promise<ApiResult<ProctorStatus>> =>
    call('proctor.releaseStart', { token, reason }),
  unlockExit: (token: string): Promise<ApiResult<{ exitUnlockedAt: string; sessionId: string | null }>> =>
    call('proctor.unlockExit', { token }),
  recover: (token: string, sessionId: string): Promise<ApiResult<ProctorStatus>> =>
    call('proctor.recover', { token, sessionId }),
  incidents: (token: string, since: number): Promise<ApiResult<IncidentsView>> =>
    call('proctor.incidents', { token, since }),
}

export const adminApi = {
  setupStatus: (): Promise<ApiResult<SetupStatus>> => call('admin.setupStatus', {} as Record<string, never>),
  setup: (input: SetupInput): Promise<ApiResult<SetupDone>> => call('admin.setup', input),
  login: (password: string): Promise<ApiResult<StaffSession>> => call('admin.login', { password }),
  logout: (token: string): Promise<ApiResult<{ loggedOut: true }>> => call('admin.logout', { token }),
  overview: (token: string): Promise<ApiResult<AdminOverview>> => call('admin.overview', { token }),
  installPackage: (token: string, packageText: string, startPassword?: string): Promise<ApiResult<InstalledExamInfo>> =>
    call('admin.installPackage', { token, packageText, ...(startPassword ? { startPassword } : {}) }),
  installSitting: (token: string, sittingText: string): Promise<ApiResult<SittingInstallResult>> =>
    call('admin.installSitting', { token, sittingText }),
  installSittingFromRoom: (token: string, roomUrl: string): Promise<ApiResult<SittingInstallResult>> =>
    call('admin.installSittingFromRoom', { token, roomUrl }),
  installDemoExam: (token: string, bankId: string): Promise<ApiResult<InstalledExamInfo>> =>
    call('admin.installDemoExam', { token, bankId }),
  trustAuthority: (token: string, publicKeyPem: string): Promise<ApiResult<TrustedAuthorityView>> =>
    call('admin.trustAuthority', { token, publicKeyPem }),
  importRoster: (token: string, csvText: string): Promise<ApiResult<RosterImportResult>> =>
    call('admin.importRoster', { token, csvText }),
  roster: (token: string): Promise<ApiResult<{ importedAt: string | null; entries: RosterCandidate[] }>> =>
    call('admin.roster', { token }),
  sessions: (token: string): Promise<ApiResult<AdminSessionRow[]>> => call('admin.sessions', { token }),
  gradingQueue: (token: string): Promise<ApiResult<GradingQueueEntry[]>> => call('admin.gradingQueue', { token }),
  gradingItem: (token: string, sessionId: string, unitId: string): Promise<ApiResult<GradingItemView>> =>
    call('admin.gradingItem', { token, sessionId, unitId }),
  recordScore: (
    token: string,
    score: { sessionId: string; unitId: string; score: number; comment?: string },
  ): Promise<ApiResult<RecordedScore>> => call('admin.recordScore', { token, ...score }),
  exportTargets: (token: string): Promise<ApiResult<ExportTarget[]>> => call('admin.exportTargets', { token }),
  exportBundles: (token: string, outDir: string, sessionIds?: string[]): Promise<ApiResult<ExportJob>> =>
    call('admin.exportBundles', { token, outDir, ...(sessionIds ? { sessionIds } : {}) }),
  jobStatus: (token: string, jobId: string): Promise<ApiResult<ExportJob>> => call('admin.jobStatus', { token, jobId }),
  purgeExported: (token: string): Promise<ApiResult<{ purged: number; skipped: number }>> =>
    call('admin.purgeExported', { token, confirm: true }),
  report: (token: string): Promise<ApiResult<ExamAnalysis[]>> => call('admin.report', { token }),
  sessionAudit: (token: string, sessionId: string): Promise<ApiResult<SessionAuditView>> =>
    call('admin.sessionAudit', { token, sessionId }),
}
