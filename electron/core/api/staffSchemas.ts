import { z } from 'zod'
import { bankIdSchema, unitIdSchema } from '../base/responseSchema'
import { accommodationsSchema, extensionMinutesSchema } from '../session/sessionInputs'
import { TOKEN_PATTERN } from './authSessions'
import type { AdminMethod, ProctorMethod } from './handlerContext'
import type { ApiInput } from './contract'
import { MAX_PACKAGE_CHARS, MAX_ROSTER_CHARS } from './inputLimits'

/**
 * Inputs of the proctor and admin methods. As for the candidate's: strict objects, bounded text. Secrets are only
 * bounded, not checked for their format here, so a malformed guess costs an attempt like any wrong one.
 */
const token = z.string().regex(TOKEN_PATTERN, 'a staff session token (sign in first)')
const withToken = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ token, ...shape })
const tokenOnly = withToken({})
const sessionId = z.string().regex(/^ses_[0-9a-f]{24}$/, 'a session id')
const text = (max: number) => z.string().trim().min(1).max(max)

// The same bounds the session service applies when it creates a session.
const accommodations = accommodationsSchema

// The bounds of the big text fields come with the input limits of their methods (inputLimits.ts).

export const proctorSchemas: { readonly [M in ProctorMethod]: z.ZodType<ApiInput<M>> } = {
  // A staff id the sitting names (its proctors sign in by name), or none for the station's own PIN.
  'proctor.login': z.strictObject({
    pin: z.string().max(64),
    staffId: z.string().trim().min(1).max(64).optional(),
  }),
  'proctor.logout': tokenOnly,
  'proctor.status': tokenOnly,
  'proctor.findCandidates': withToken({ query: text(200) }),
  'proctor.startSession': withToken({
    candidateId: text(200),
    name: text(500).optional(),
    accommodations: accommodations.optional(),
    allowUnlisted: z.boolean().optional(),
    override: z.strictObject({ reason: z.string().trim().min(5).max(500) }).optional(),
  }),
  'proctor.checkEnvironment': tokenOnly,
  'proctor.pause': tokenOnly,
  'proctor.resume': tokenOnly,
  'proctor.extend': withToken({ minutes: extensionMinutesSchema, reason: text(1000) }),
  'proctor.endSession': withToken({ reason: text(1000) }),
  'proctor.releaseStart': withToken({ reason: text(1000) }),
  'proctor.unlockExit': tokenOnly,
  'proctor.recover': withToken({ sessionId }),
  'proctor.incidents': withToken({ since: z.number().int().nonnegative().optional() }),
}

export const adminSchemas: { readonly [M in AdminMethod]: z.ZodType<ApiInput<M>> } = {
  'admin.setupStatus': z.strictObject({}),
  'admin.setup': z.strictObject({
    adminPassword: z.string().max(1000),
    proctorPin: z.string().max(64),
    authorityPublicKeyPem: z.string().trim().min(1).max(10_000).optional(),
  }),
  'admin.login': z.strictObject({ password: z.string().max(1000) }),
  'admin.logout': tokenOnly,
  'admin.overview': tokenOnly,
  'admin.installPackage': withToken({
    packageText: z.string().min(1).max(MAX_PACKAGE_CHARS),
    startPassword: z.string().min(1).max(1000).optional(),
  }),
  // A sitting embeds its package, so it gets the package's bound plus room for the roster and staff.
  'admin.installSitting': withToken({
    sittingText: z
      .string()
      .min(1)
      .max(MAX_PACKAGE_CHARS + MAX_ROSTER_CHARS),
  }),
  'admin.installSittingFromRoom': withToken({
    roomUrl: z
      .string()
      .trim()
      .max(300)
      .refine(
        (value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
        'must be the http:// or https:// address the room prints',
      ),
  }),
  'admin.installDemoExam': withToken({ bankId: bankIdSchema }),
  'admin.trustAuthority': withToken({ publicKeyPem: z.string().trim().min(1).max(10_000) }),
  'admin.importRoster': withToken({ csvText: z.string().max(MAX_ROSTER_CHARS) }),
  'admin.roster': tokenOnly,
  'admin.sessions': tokenOnly,
  'admin.sessionAudit': withToken({ sessionId }),
  'admin.gradingQueue': tokenOnly,
  'admin.gradingItem': withToken({ sessionId, unitId: unitIdSchema }),
  'admin.recordScore': withToken({
    sessionId,
    unitId: unitIdSchema,
    score: z.number().finite().min(0).max(100_000),
    comment: z.string().trim().max(5000).optional(),
  }),
  'admin.exportTargets': tokenOnly,
  'admin.exportBundles': withToken({
    outDir: text(4096),
    sessionIds: z.array(sessionId).min(1).max(100_000).optional(),
  }),
  'admin.jobStatus': withToken({ jobId: z.string().regex(/^job_[0-9a-f]{24}$/, 'an export job id') }),
  'admin.purgeExported': withToken({ confirm: z.literal(true, { error: 'purging needs confirm: true' }) }),
  'admin.report': withToken({ examId: text(200).optional() }),
}
