/**
 * The administrator's part of the API contract (types only; see contract.ts). Everything but the setup status,
 * setup and login needs the token admin.login returned. Grading views show reference answers: they exist only here,
 * behind an admin session, never in a candidate-facing method.
 */
import type { ExportJob } from '../admin/exportJobTypes'
import type { ExportTarget } from '../admin/exportTarget'
import type { SessionState } from '../base/sessionState'
import type { InstalledExamInfo } from '../exam/installedExamInfo'
import type { ExamAnalysis } from '../results/analysis/analysisTypes'
import type { EnvironmentOutcome } from '../environment/environmentIncident'
import type { KioskIncidentFacts } from '../kiosk/osEventIncident'
import type { SessionStory, StoryEntry } from '../session/sessionStory'
import type { SubmitReason } from '../session/sessionTypes'
import type { RosterCandidate, StaffSession, TokenInput } from './proctorContract'

/** The results analysis the console shows: the core's own types (DOM-safe, type-only). */
export type {
  CandidateRow,
  ChoiceCount,
  ExamAnalysis,
  ReviewFlag,
  UnitAnalysis,
} from '../results/analysis/analysisTypes'
export type { HistogramBin } from '../results/analysis/descriptiveStats'
/** What an installed exam shows anyone, and what an export finds and writes: the core's own types. */
export type { ExportedFile, ExportFailure, ExportJob } from '../admin/exportJobTypes'
export type { ExportTarget } from '../admin/exportTarget'
export type { InstalledExamInfo } from '../exam/installedExamInfo'
/** A session's story from its event log (admin.sessionAudit): the core's own types. */
export type { SessionStory, StoryDetailKey, StoryEntry, StoryEventType, StoryExtension } from '../session/sessionStory'

export interface SetupStatus {
  /** False on first run: the console shows the setup wizard, and only admin.setup is open. */
  setUp: boolean
  stationId: string
  stationPublicKeyPem: string
  /** Before setup only: the station proved it can sign and wrap keys, and write and read its storage. */
  readiness: { keys: boolean; storage: boolean } | null
  /** Development builds only: the demo authority that signed the seed exams on this computer; null in production. */
  demoAuthority: DemoAuthorityView | null
}

/** Setup's answer: the new status and the admin's session, so the console opens without asking for the password. */
export interface SetupDone extends SetupStatus {
  session: StaffSession
}

export interface DemoAuthorityView {
  keyId: string
  publicKeyPem: string
}

/** A seed exam packaged by the demo authority, installable with admin.installDemoExam. */
export interface DemoExamView {
  bankId: string
  title: string
  language: string
}

export interface SetupInput {
  adminPassword: string
  proctorPin: string
  authorityPublicKeyPem?: string
}

export interface TrustedAuthorityView {
  keyId: string
  publicKeyPem: string
  addedAt: string
}

/** The sitting installed on the station (admin.installSitting), as the console shows it: no staff verifiers. */
export interface InstalledSittingView {
  sittingId: string
  title: string
  window: { opensAt: string; closesAt: string }
  /** The exams its packages installed, in the sitting's order; the first is the station's installed exam. */
  exams: { id: string; title: string }[]
  candidates: number
  seats: number
  /** host:port of the room server; null when stations find it by discovery. */
  roomAddress: string | null
  installedAt: string
}

/** What admin.installSitting did: `installed` is false when this exact sitting was already installed. */
export interface SittingInstallResult {
  sitting: InstalledSittingView
  installed: boolean
}

export interface AdminOverview {
  stationId: string
  exam: InstalledExamInfo | null
  /** The installed sitting file, or null when the station was set up exam by exam. */
  sitting: InstalledSittingView | null
  authorities: TrustedAuthorityView[]
  roster: { count: number; importedAt: string } | null
  /** Sessions on the station by state. */
  sessionCounts: Partial<Record<SessionState, number>>
  /** Development builds only: the seed exams and whether the station trusts their demo authority; null in production. */
  demo: { authority: DemoAuthorityView; authorityTrusted: boolean; exams: DemoExamView[] } | null
}

export interface RosterRowErrorView {
  /** 1-based line of the file. */
  line: number
  /** The column's header name, when the problem is in one cell. */
  column?: string
  /** Translated by the UI as `admin.roster.rowErrors.<code>` with `params`. */
  code: string
  message: string
  params?: Record<string, string | number>
}

/** All or nothing: `imported` is 0 whenever `errors` is not empty, and the previous roster stays. */
export interface RosterImportResult {
  imported: number
  errors: RosterRowErrorView[]
}

export interface ScoreSummary {
  total: number
  max: number
  /** Short answers still waiting for a grader. */
  pending: number
  /** Null while anything is pending or when the exam sets no pass mark. */
  passed: boolean | null
}

export interface AdminSessionRow {
  sessionId: string
  examId: string
  state: SessionState
  candidate: { candidateId: string; name: string } | null
  createdAt: string
  updatedAt: string
  /** For submitted and exported sessions. */
  score: ScoreSummary | null
  /** An exported session graded again since: its bundle should be exported again. */
  changedSinceExport: boolean
  /** Set when the session's record fails verification. */
  problem: string | null
  /** Who ended a submitted session, and the proctor's note when a proctor ended it early. */
  endedBy: SubmitReason | null
  endNote: string | null
}

/** admin.sessionAudit: one session's story, read from its verified event log. */
/** A story entry; a kiosk incident or an environment check also carries its facts, to be worded in the reader's language. */
export interface AuditEntry extends StoryEntry {
  kiosk?: KioskIncidentFacts
  environment?: EnvironmentOutcome
}

export interface SessionAuditView {
  sessionId: string
  examId: string
  state: SessionState
  candidate: { candidateId: string; name: string } | null
  story: Omit<SessionStory, 'entries'> & { entries: AuditEntry[] }
  /** The code on the candidate's receipt; null until the session is submitted. */
  receiptCode: string | null
}

export interface GradingQueueEntry {
  sessionId: string
  candidate: { candidateId: string; name: string }
  unitId: string
  sectionTitle: string
  itemNumber: number
  /** The part's number within its scenario, from 1; null for a question of its own. */
  partNumber: number | null
  status: 'pending' | 'scored'
  points: number
  maxPoints: number
}

export interface GradingItemView {
  sessionId: string
  unitId: string
  candidate: { candidateId: string; name: string }
  sectionTitle: string
  itemNumber: number
  /** The part's number within its scenario, from 1; null for a question of its own. */
  partNumber: number | null
  /** The scenario's text, when the unit is one of its parts. */
  context: string | null
  stem: string
  response: string | null
  referenceAnswer: string | null
  explanation: string | null
  /** For a markdown bank, the texts above rendered by the core (the renderer sanitises and shows them). */
  html?: { context?: string; stem: string; referenceAnswer?: string; explanation?: string }
  maxPoints: number
  current: { score: number; comment: string | null; grader: string; savedAt: string } | null
}

export interface RecordScoreInput extends TokenInput {
  sessionId: string
  unitId: string
  score: number
  comment?: string
}

export interface RecordedScore {
  sessionId: string
  unitId: string
  score: number
  revision: number
  summary: ScoreSummary
}

export interface AdminApiMethods {
  'admin.setupStatus': { input: Record<string, never>; output: SetupStatus }
  'admin.setup': { input: SetupInput; output: SetupDone }
  'admin.login': { input: { password: string }; output: StaffSession }
  'admin.logout': { input: TokenInput; output: { loggedOut: true } }
  'admin.overview': { input: TokenInput; output: AdminOverview }
  'admin.installPackage': {
    input: TokenInput & { packageText: string; startPassword?: string }
    output: InstalledExamInfo
  }
  /**
   * Installs a signed sitting file in one step: its package, its seated roster (replacing the station's) and its
   * signed environment policy (over environment.yaml), and records its room, seats and staff verifiers.
   */
  'admin.installSitting': { input: TokenInput & { sittingText: string }; output: SittingInstallResult }
  /** The sitting the room at `roomUrl` serves, installed only if a trusted authority signed it (and, over https, it pins the certificate that served it). */
  'admin.installSittingFromRoom': { input: TokenInput & { roomUrl: string }; output: SittingInstallResult }
  /** Development builds only: installs a seed exam from its demo package, through the same signature check. */
  'admin.installDemoExam': { input: TokenInput & { bankId: string }; output: InstalledExamInfo }
  'admin.trustAuthority': { input: TokenInput & { publicKeyPem: string }; output: TrustedAuthorityView }
  'admin.importRoster': { input: TokenInput & { csvText: string }; output: RosterImportResult }
  'admin.roster': { input: TokenInput; output: { importedAt: string | null; entries: RosterCandidate[] } }
  'admin.sessions': { input: TokenInput; output: AdminSessionRow[] }
  /** A session's story: check-in, rules, pauses, extensions, the end and its reason, incidents, checks, exports. */
  'admin.sessionAudit': { input: TokenInput & { sessionId: string }; output: SessionAuditView }
  'admin.gradingQueue': { input: TokenInput; output: GradingQueueEntry[] }
  'admin.gradingItem': { input: TokenInput & { sessionId: string; unitId: string }; output: GradingItemView }
  'admin.recordScore': { input: RecordScoreInput; output: RecordedScore }
  /** The removable volumes mounted where the OS mounts sticks (a guess from the usual folders; the export checks the folder again). */
  'admin.exportTargets': { input: TokenInput; output: ExportTarget[] }
  'admin.exportBundles': { input: TokenInput & { outDir: string; sessionIds?: string[] }; output: ExportJob }
  'admin.jobStatus': { input: TokenInput & { jobId: string }; output: ExportJob }
  'admin.purgeExported': { input: TokenInput & { confirm: true }; output: { purged: number; skipped: number } }
  /** One analysis per exam (or only `examId`'s), over the station's submitted and exported sessions. */
  'admin.report': { input: TokenInput & { examId?: string }; output: ExamAnalysis[] }
}
