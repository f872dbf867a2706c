import { readFile } from 'node:fs/promises'
import { installPackageText } from '../admin/packageInstall'
import { authorityKeyFromPem } from '../admin/trustedAuthorities'
import type { InstalledSitting } from '../admin/installedSitting'
import { parseRosterCsv } from '../roster/rosterCsv'
import { installSitting } from '../runtime/installSitting'
import type { StationRuntime } from '../runtime/stationRuntime'
import type { DemoExams } from '../demo/demoExams'
import { ApiFailure } from './apiErrors'
import type { AdminMethod, HandlerContext, Implementations } from './handlerContext'
import type {
  AdminOverview,
  InstalledSittingView,
  SessionState,
  SetupDone,
  SetupStatus,
  StaffSession,
} from './contract'

/** Does the check pass? A readiness check throws when its capability is missing. */
const passes = (check: () => unknown): boolean => {
  try {
    check()
    return true
  } catch {
    return false
  }
}

function setupStatusOf(runtime: StationRuntime, demo: DemoExams | undefined): SetupStatus {
  const setUp = runtime.admin.credentials.isSetUp()
  return {
    setUp,
    stationId: runtime.station.stationId,
    stationPublicKeyPem: runtime.station.publicKeyPem,
    readiness: setUp
      ? null
      : { keys: passes(() => runtime.checkKeys()), storage: passes(() => runtime.checkStorage()) },
    demoAuthority: demo ? demo.authority : null,
  }
}

function demoOverviewOf(runtime: StationRuntime, demo: DemoExams | undefined): AdminOverview['demo'] {
  if (!demo) return null
  const authorityTrusted = runtime.admin.authorities.list().some((entry) => entry.keyId === demo.authority.keyId)
  return {
    authority: demo.authority,
    authorityTrusted,
    exams: demo.exams.map(({ bankId, title, language }) => ({ bankId, title, language })),
  }
}

/** The installed sitting as the console shows it; each exam's title while its package is still installed. */
function sittingViewOf(runtime: StationRuntime, sitting: InstalledSitting): InstalledSittingView {
  return {
    sittingId: sitting.id,
    title: sitting.title,
    window: sitting.window,
    exams: (sitting.exams ?? [sitting.exam]).map(({ examId, packageHash }) => ({
      id: examId,
      title: runtime.installedExamOf(packageHash)?.title ?? examId,
    })),
    candidates: sitting.candidates,
    seats: sitting.seats.length,
    roomAddress: sitting.room.address,
    installedAt: sitting.installedAt,
  }
}

function overviewOf(runtime: StationRuntime, demo: DemoExams | undefined): AdminOverview {
  const roster = runtime.admin.roster.get()
  const sitting = runtime.admin.sitting.get()
  const sessionCounts: Partial<Record<SessionState, number>> = {}
  for (const row of runtime.admin.sessionRows()) sessionCounts[row.state] = (sessionCounts[row.state] ?? 0) + 1
  return {
    stationId: runtime.station.stationId,
    exam: runtime.installedExam() ?? null,
    sitting: sitting ? sittingViewOf(runtime, sitting) : null,
    authorities: runtime.admin.authorities.list(),
    roster: roster ? { count: roster.entries.length, importedAt: roster.importedAt } : null,
    sessionCounts,
    demo: demoOverviewOf(runtime, demo),
  }
}

/**
 * The admin console's station methods: first-run setup, login, exam packages and sitting files, trusted authorities
 * and the roster.
 * Setup is open only while the station has no admin password; everything after login needs the admin's token.
 */
export function adminSetupImplementations(
  ctx: HandlerContext,
): Implementations<
  Extract<
    AdminMethod,
    `admin.${'setupStatus' | 'setup' | 'login' | 'logout' | 'overview' | 'installPackage' | 'installSitting' | 'installSittingFromRoom' | 'installDemoExam' | 'trustAuthority' | 'importRoster' | 'roster'}`
  >
> {
  const { runtime, auth } = ctx
  const demo = ctx.options.demoExams
  const admin = runtime.admin
  const requireAdmin = (token: string): void => void auth.require(token, 'admin')
  const adminSession = (): StaffSession => ({
    token: auth.issue({ role: 'admin' }),
    role: 'admin',
    idleTimeoutMs: auth.idleMs,
  })

  return {
    'admin.setupStatus': () => setupStatusOf(runtime, demo),

    // The authority key is checked before any secret is written, so a bad key leaves the station not set up.
    // Whoever just chose the admin password is the admin: setup signs them in rather than ask for it again.
    'admin.setup': async ({ adminPassword, proctorPin, authorityPublicKeyPem }): Promise<SetupDone> => {
      if (authorityPublicKeyPem !== undefined) authorityKeyFromPem(authorityPublicKeyPem)
      await admin.credentials.setUp(adminPassword, proctorPin)
      if (authorityPublicKeyPem !== undefined) admin.authorities.add(authorityPublicKeyPem)
      return { ...setupStatusOf(runtime, demo), session: adminSession() }
    },

    'admin.login': async ({ password }): Promise<StaffSession> => {
      await admin.credentials.checkAdminPassword(password)
      return adminSession()
    },

    'admin.logout': ({ token }) => {
      auth.revoke(token)
      return { loggedOut: true }
    },

    'admin.overview': ({ token }) => {
      requireAdmin(token)
      return overviewOf(runtime, demo)
    },

    'admin.installPackage': async ({ token, packageText, startPassword }) => {
      requireAdmin(token)
      return await installPackageText(
        (input) => runtime.installExam(input),
        admin.authorities.pems(),
        packageText,
        startPassword,
      )
    },

    // Verified against the trusted authorities before anything in it is read; refused means nothing changed.
    'admin.installSitting': async ({ token, sittingText }) => {
      requireAdmin(token)
      const { sitting, installed } = await installSitting(runtime, sittingText)
      return { sitting: sittingViewOf(runtime, sitting), installed }
    },

    // Over the network: the same checks as a file, and over https the room must present the certificate it pins.
    'admin.installSittingFromRoom': async ({ token, roomUrl }) => {
      requireAdmin(token)
      const fetchSitting = ctx.options.sittingFromRoom
      if (!fetchSitting) throw new ApiFailure('ROOM_UNREACHABLE', 'this station has no way to reach a room')
      const text = await fetchSitting(roomUrl, admin.authorities.pems())
      const { sitting, installed } = await installSitting(runtime, text)
      return { sitting: sittingViewOf(runtime, sitting), installed }
    },

    // The demo package goes through the same signature check: the demo authority must be trusted like any other.
    'admin.installDemoExam': async ({ token, bankId }) => {
      requireAdmin(token)
      const exam = demo?.exams.find((entry) => entry.bankId === bankId)
      if (!exam)
        throw new ApiFailure('VALIDATION_FAILED', `bankId: ${bankId} is not one of this build's demo exams`, { bankId })
      const packageText = await readFile(exam.packagePath, 'utf8')
      return await installPackageText((input) => runtime.installExam(input), admin.authorities.pems(), packageText)
    },

    'admin.trustAuthority': ({ token, publicKeyPem }) => {
      requireAdmin(token)
      return admin.authorities.add(publicKeyPem)
    },

    // All or nothing: a file with any bad row changes nothing, so the desk never works from half a roster.
    'admin.importRoster': ({ token, csvText }) => {
      requireAdmin(token)
      const { entries, errors } = parseRosterCsv(csvText)
      if (errors.length > 0) return { imported: 0, errors }
      admin.roster.replace(entries)
      return { imported: entries.length, errors: [] }
    },

    'admin.roster': ({ token }) => {
      requireAdmin(token)
      const roster = admin.roster.get()
      return { importedAt: roster?.importedAt ?? null, entries: roster?.entries ?? [] }
    },
  }
}
